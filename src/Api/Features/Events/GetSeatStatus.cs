using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Observability;

namespace Ticketing.Api.Features.Events;

/// <summary>
/// The compact status: one letter per seat in layout order (the order of <c>/layout</c>: sections,
/// rows, seats 1..n), <c>a</c> available, <c>h</c> held, <c>s</c> sold, <c>b</c> blocked.
/// </summary>
public sealed record SeatStatusResponse(Guid EventId, long Version, string Status);

/// <summary>
/// <c>GET /api/v1/events/{eventId}/seat-status</c>: the seat map without the layout, one byte a
/// seat, for large venues: the page loads the layout once and then only this. ETag is the version.
/// </summary>
public sealed class GetSeatStatus(SeatViews views) : EndpointWithoutRequest<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/events/{eventId}/seat-status");
        Group<EventsGroup>();
        AllowAnonymous();
        Options(route => route.WithMetadata(QuietRequestLog.Instance));
        Description(route => route
            .Produces<SeatStatusResponse>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary => summary.Summary = "The version and one status letter per seat in layout order (a, h, s, b)");
    }

    public override async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = EventReader.Canonical(Route<string>("eventId")!);
        return VersionedBody.Answer(HttpContext, id is null ? null : await views.StatusAsync(id).ConfigureAwait(false));
    }
}
