using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Problems;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Api.Features.Events;

/// <summary><c>GET /api/v1/events/{eventId}/seatmap</c>: every seat's status, read in one script run at one version.</summary>
public static class GetSeatMap
{
    public sealed record Response(Guid EventId, long Version, IReadOnlyList<Section> Sections);

    public sealed record Section(string Id, string Name, decimal Price, IReadOnlyList<Row> Rows);

    public sealed record Row(string Id, IReadOnlyList<Seat> Seats);

    public sealed record Seat(string Id, int Number, SeatStatus Status);

    public static void Map(RouteGroupBuilder events) => events.MapGet("/{eventId}/seatmap", HandleAsync)
        .WithName("GetSeatMap")
        .WithSummary("Every seat of the event with its status (available, held, sold)")
        .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(
        string eventId, EventReader reader, CancellationToken cancellationToken)
    {
        var id = EventReader.Canonical(eventId);
        var record = id is null ? null : await reader.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var snapshot = record is null ? null : await reader.SnapshotAsync(record, cancellationToken).ConfigureAwait(false);
        if (record is null || snapshot is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        // The snapshot carries state; the stored layout carries names and order.
        var status = snapshot.Seats.ToDictionary(seat => seat.Seat.Id, seat => seat.Status, StringComparer.Ordinal);
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
        return TypedResults.Ok(new Response(record.Id, snapshot.Version, [.. sections]));
    }
}
