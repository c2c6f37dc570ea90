using Ticketing.Api.Problems;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;

namespace Ticketing.Api.Features.Reservations;

/// <summary>A reservation (hold) as its owner sees it.</summary>
public sealed record ReservationResponse(
    string ReservationId,
    Guid EventId,
    string Status,
    IReadOnlyList<ReservedSeat> Seats,
    decimal TotalPrice,
    string Currency,
    DateTimeOffset ExpiresAt,
    int ExtensionsRemaining,
    string? OrderId)
{
    /// <summary>
    /// The status only a 202 commit answer shows: the payment is pending at the provider. Reads of
    /// the reservation show it <c>held</c> until the result sells it (<c>committed</c>) or gives it back.
    /// </summary>
    public const string PayingStatus = "paying";

    public static ReservationResponse From(HoldView hold) => new(
        hold.HoldId,
        Guid.Parse(hold.EventId),
        OutcomeProblems.StatusName(hold.Status),
        [.. hold.Seats.Select(seat => new ReservedSeat(seat.Id, seat.Section, seat.Row, seat.Number, seat.Price))],
        hold.TotalPrice,
        hold.Currency,
        hold.ExpiresAt,
        hold.ExtensionsRemaining,
        hold.OrderId);

    public static string Location(string reservationId) => $"/api/v1/reservations/{reservationId}";

    /// <summary>True when <paramref name="id"/> could be a reservation id; anything else is answered 404 without asking Redis.</summary>
    public static bool IsWellFormedId(string id) => EntityIds.TryGetEventId(id, EntityIds.HoldPrefix, out _);
}

public sealed record ReservedSeat(string Id, string Section, string Row, int Number, decimal Price);
