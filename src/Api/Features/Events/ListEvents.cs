using FastEndpoints;
using FluentValidation;
using Ticketing.Persistence.Events;

namespace Ticketing.Api.Features.Events;

public sealed class ListEventsRequest
{
    /// <summary>Words to find in the title or venue.</summary>
    [BindFrom("q")]
    public string? Q { get; init; }

    [BindFrom("page")]
    public int Page { get; init; } = 1;

    [BindFrom("limit")]
    public int Limit { get; init; } = 20;
}

public sealed record ListEventsResponse(IReadOnlyList<EventResponse> Data, PageMeta Meta);

public sealed record PageMeta(int Total, int Page, int Limit);

/// <summary><c>GET /api/v1/events?q=&amp;page=&amp;limit=</c>: a page of events, soonest first.</summary>
public sealed class ListEvents(IEventRepository events, EventReader reader) : Endpoint<ListEventsRequest, ListEventsResponse>
{
    public const int MaxLimit = 100;

    public override void Configure()
    {
        Get("/events");
        Group<EventsGroup>();
        AllowAnonymous();
        Summary(summary => summary.Summary = "Search events by title or venue");
    }

    public override async Task<ListEventsResponse> ExecuteAsync(ListEventsRequest req, CancellationToken ct)
    {
        var found = await events.SearchAsync(string.IsNullOrWhiteSpace(req.Q) ? null : req.Q.Trim(), req.Page, req.Limit, ct).ConfigureAwait(false);
        var data = new List<EventResponse>(found.Items.Count);
        foreach (var record in found.Items)
        {
            data.Add(EventResponse.From(record, await reader.AvailabilityAsync(record, ct).ConfigureAwait(false)));
        }

        return new ListEventsResponse(data, new PageMeta(found.Total, req.Page, req.Limit));
    }
}

public sealed class ListEventsValidator : Validator<ListEventsRequest>
{
    public ListEventsValidator()
    {
        RuleFor(r => r.Page).GreaterThanOrEqualTo(1).WithMessage("1 or more");
        RuleFor(r => r.Limit).InclusiveBetween(1, ListEvents.MaxLimit).WithMessage($"1 to {ListEvents.MaxLimit}");
        RuleFor(r => r.Q).MaximumLength(200).WithMessage("at most 200 characters");
        // PostgreSQL text cannot hold NUL: the search would fail in the database instead of finding nothing.
        RuleFor(r => r.Q).Must(q => q is null || !q.Contains('\0', StringComparison.Ordinal)).WithMessage("must not contain NUL characters");
    }
}
