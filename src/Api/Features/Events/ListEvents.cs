using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Problems;
using Ticketing.Persistence.Events;

namespace Ticketing.Api.Features.Events;

/// <summary><c>GET /api/v1/events?q=&amp;page=&amp;limit=</c>: a page of events, soonest first.</summary>
public static class ListEvents
{
    public const int MaxLimit = 100;

    public sealed record Response(IReadOnlyList<EventResponse> Data, PageMeta Meta);

    public sealed record PageMeta(int Total, int Page, int Limit);

    public static void Map(RouteGroupBuilder events) => events.MapGet("/", HandleAsync)
        .WithName("ListEvents")
        .WithSummary("Search events by title or venue")
        .ProducesProblem(StatusCodes.Status400BadRequest);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(
        IEventRepository events, EventReader reader, CancellationToken cancellationToken, string? q = null, int page = 1, int limit = 20)
    {
        var validation = new RequestValidation()
            .Check(page >= 1, "page", "1 or more")
            .Check(limit is >= 1 and <= MaxLimit, "limit", $"1 to {MaxLimit}")
            .Check(q is null || q.Length <= 200, "q", "at most 200 characters");
        if (!validation.IsValid)
        {
            return validation.Problem(ApiErrors.InvalidRequest);
        }

        var found = await events.SearchAsync(string.IsNullOrWhiteSpace(q) ? null : q.Trim(), page, limit, cancellationToken).ConfigureAwait(false);
        var data = new List<EventResponse>(found.Items.Count);
        foreach (var record in found.Items)
        {
            data.Add(EventResponse.From(record, await reader.AvailabilityAsync(record, cancellationToken).ConfigureAwait(false)));
        }

        return TypedResults.Ok(new Response(data, new PageMeta(found.Total, page, limit)));
    }
}
