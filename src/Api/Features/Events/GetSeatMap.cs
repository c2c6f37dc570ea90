using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Problems;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Api.Features.Events;

/// <summary>
/// <c>GET /api/v1/events/{eventId}/seatmap</c>: every seat's status, read in one script run at one
/// version. Answers carry the version as ETag; a client polling with <c>If-None-Match</c> gets
/// 304 until a seat changes.
/// </summary>
public static class GetSeatMap
{
    public sealed record Response(Guid EventId, long Version, IReadOnlyList<Section> Sections);

    public sealed record Section(string Id, string Name, decimal Price, IReadOnlyList<Row> Rows);

    public sealed record Row(string Id, IReadOnlyList<Seat> Seats);

    public sealed record Seat(string Id, int Number, SeatStatus Status);

    public static void Map(RouteGroupBuilder events) => events.MapGet("/{eventId}/seatmap", HandleAsync)
        .WithName("GetSeatMap")
        .WithSummary("Every seat of the event with its status (available, held, sold)")
        .Produces<Response>(StatusCodes.Status200OK, "application/json")
        .Produces(StatusCodes.Status304NotModified)
        .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        string eventId, EventReader reader, SeatMapCache cache, HttpContext context)
    {
        var id = EventReader.Canonical(eventId);
        // The build is shared by every request waiting on it, so one caller hanging up must not cancel it.
        var seatMap = id is null ? null : await cache.GetAsync(id, () => BuildAsync(id, reader, CancellationToken.None)).ConfigureAwait(false);
        if (seatMap is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        context.Response.Headers.ETag = seatMap.ETag;
        context.Response.Headers.CacheControl = "no-cache";
        return context.Request.Headers.IfNoneMatch == seatMap.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(seatMap.Json, "application/json");
    }

    private static async Task<Response?> BuildAsync(string eventId, EventReader reader, CancellationToken cancellationToken)
    {
        var record = await reader.GetAsync(eventId, cancellationToken).ConfigureAwait(false);
        var seatMap = record is null ? null : await reader.SeatStatusesAsync(record, cancellationToken).ConfigureAwait(false);
        if (record is null || seatMap is null)
        {
            return null;
        }

        // Redis carries the statuses; the stored layout carries names and order.
        var status = seatMap.Seats.ToDictionary(seat => seat.Seat.Id, seat => seat.Status, StringComparer.Ordinal);
        var sections = record.Sections.Select(section => new Section(section.Id, section.Name, section.Price,
        [
            .. section.Rows.Select(row => new Row(row.Id,
            [
                .. Enumerable.Range(1, row.Seats).Select(number =>
                {
                    var seatId = SeatInfo.IdOf(section.Id, row.Id, number);
                    return new Seat(seatId, number, status.GetValueOrDefault(seatId, SeatStatus.Available));
                }),
            ])),
        ]));
        return new Response(record.Id, seatMap.Version, [.. sections]);
    }
}
