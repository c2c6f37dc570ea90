using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Api.Features.Events;

public sealed record SeatMapResponse(Guid EventId, long Version, IReadOnlyList<SeatMapSection> Sections);

public sealed record SeatMapSection(string Id, string Name, decimal Price, IReadOnlyList<SeatMapRow> Rows);

public sealed record SeatMapRow(string Id, IReadOnlyList<SeatMapSeat> Seats);

/// <summary>A seat; <paramref name="Price"/> only when it differs from its section's (a seat repriced after the event was created).</summary>
public sealed record SeatMapSeat(string Id, int Number, SeatStatus Status, decimal? Price = null);

/// <summary>
/// <c>GET /api/v1/events/{eventId}/seatmap</c>: every seat's status, read in one script run at one
/// version, at least the version of any change that has answered. Answers carry the version as
/// ETag; a client polling with <c>If-None-Match</c> gets 304 until a seat changes.
/// </summary>
public sealed class GetSeatMap(SeatViews views) : EndpointWithoutRequest<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/events/{eventId}/seatmap");
        Group<EventsGroup>();
        AllowAnonymous();
        Description(route => route
            .Produces<SeatMapResponse>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary => summary.Summary = "Every seat of the event with its status (available, held, sold)");
    }

    public override async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = EventReader.Canonical(Route<string>("eventId")!);
        return VersionedBody.Answer(HttpContext, id is null ? null : await views.SeatMapAsync(id).ConfigureAwait(false));
    }
}
