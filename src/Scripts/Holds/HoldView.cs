using Ticketing.Scripts.Layout;

namespace Ticketing.Scripts.Holds;

/// <summary>Lifecycle of a hold. <see cref="Paying"/> is <see cref="Held"/> with a payment in flight.</summary>
public enum HoldStatus
{
    /// <summary>Seats are held until <see cref="HoldView.ExpiresAt"/>.</summary>
    Held,

    /// <summary>A payment is in flight; the hold was extended to cover it and only the fenced commit may sell it.</summary>
    Paying,

    /// <summary>Sold: the seats belong to <see cref="HoldView.OrderId"/>.</summary>
    Committed,

    /// <summary>Its time ran out; the seats are free again.</summary>
    Expired,

    /// <summary>Released by its owner; the seats are free again.</summary>
    Released,
}

/// <summary>A hold as the engine sees it now.</summary>
/// <param name="HoldId">Reservation id (see <see cref="Keys.EntityIds"/>).</param>
/// <param name="EventId">The event.</param>
/// <param name="UserId">Owner.</param>
/// <param name="ClientReservationId">The client's idempotency id for the hold request.</param>
/// <param name="Status">Current status; an elapsed hold reads <see cref="HoldStatus.Expired"/> even before the sweep.</param>
/// <param name="Seats">The held seats with their prices.</param>
/// <param name="Currency">Currency of the prices.</param>
/// <param name="ExpiresAt">When the hold ends (Redis clock).</param>
/// <param name="ExtensionsRemaining">Extensions still allowed.</param>
/// <param name="Fence">Increases on every change of the hold; commit must present the value begin-payment returned.</param>
/// <param name="OrderId">Set once committed.</param>
public sealed record HoldView(
    string HoldId,
    string EventId,
    string UserId,
    string ClientReservationId,
    HoldStatus Status,
    IReadOnlyList<SeatInfo> Seats,
    string Currency,
    DateTimeOffset ExpiresAt,
    int ExtensionsRemaining,
    long Fence,
    string? OrderId)
{
    /// <summary>Sum of the seat prices.</summary>
    public decimal TotalPrice => Seats.Sum(seat => seat.Price);
}
