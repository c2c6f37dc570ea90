using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Problems;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Api.Features.Events;

public sealed record SeatMapResponse(Guid EventId, long Version, IReadOnlyList<SeatMapSection> Sections);

public sealed record SeatMapSection(string Id, string Name, decimal Price, IReadOnlyList<SeatMapRow> Rows);

public sealed record SeatMapRow(string Id, IReadOnlyList<SeatMapSeat> Seats);

public sealed record SeatMapSeat(string Id, int Number, SeatStatus Status);

/// <summary>
/// <c>GET /api/v1/events/{eventId}/seatmap</c>: every seat's status, read in one script run at one
/// version. Answers carry the version as ETag; a client polling with <c>If-None-Match</c> gets
/// 304 until a seat changes.
/// </summary>
public sealed class GetSeatMap(EventReader reader, SeatMapCache cache)
    : EndpointWithoutRequest<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>>
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
        // The build is shared by every request waiting on it, so one caller hanging up must not cancel it.
        var seatMap = id is null ? null : await cache.GetAsync(id, () => BuildAsync(id, CancellationToken.None)).ConfigureAwait(false);
        if (seatMap is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        HttpContext.Response.Headers.ETag = seatMap.ETag;
        HttpContext.Response.Headers.CacheControl = "no-cache";
        return HttpContext.Request.Headers.IfNoneMatch == seatMap.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(seatMap.Json, "application/json");
    }

    private async Task<SeatMapResponse?> BuildAsync(string eventId, CancellationToken cancellationToken)
    {
        var record = await reader.GetAsync(eventId, cancellationToken).ConfigureAwait(false);
        var seatMap = record is null ? null : await reader.SeatStatusesAsync(record, cancellationToken).ConfigureAwait(false);
        if (record is null || seatMap is null)
        {
            return null;
        }

        // Redis carries the statuses; the stored layout carries names and order.
        var status = seatMap.Seats.ToDictionary(seat => seat.Seat.Id, seat => seat.Status, StringComparer.Ordinal);
        var sections = record.Sections.Select(section => new SeatMapSection(section.Id, section.Name, section.Price,
        [
            .. section.Rows.Select(row => new SeatMapRow(row.Id,
            [
                .. Enumerable.Range(1, row.Seats).Select(number =>
                {
                    var seatId = SeatInfo.IdOf(section.Id, row.Id, number);
                    return new SeatMapSeat(seatId, number, status.GetValueOrDefault(seatId, SeatStatus.Available));
                }),
            ])),
        ]));
        return new SeatMapResponse(record.Id, seatMap.Version, [.. sections]);
    }
}
