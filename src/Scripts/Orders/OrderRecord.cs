namespace Ticketing.Scripts.Orders;

/// <summary>
/// A confirmed order as the commit script wrote it: into the event's outbox stream (for the
/// Reconciler) and into an order record (for idempotent replays and reads before persistence).
/// </summary>
/// <param name="OrderId">The order.</param>
/// <param name="EventId">The event.</param>
/// <param name="UserId">The buyer.</param>
/// <param name="ReservationId">The hold it came from.</param>
/// <param name="IdempotencyKey">The commit's idempotency key.</param>
/// <param name="TotalAmount">Charged amount.</param>
/// <param name="Currency">Currency of the amount.</param>
/// <param name="PaymentTransactionId">The gateway's transaction id.</param>
/// <param name="ConfirmedAt">When the commit script ran (Redis clock).</param>
/// <param name="Tickets">One per seat.</param>
public sealed record OrderRecord(
    string OrderId,
    string EventId,
    string UserId,
    string ReservationId,
    string IdempotencyKey,
    decimal TotalAmount,
    string Currency,
    string PaymentTransactionId,
    DateTimeOffset ConfirmedAt,
    IReadOnlyList<OrderTicket> Tickets);

/// <summary>A ticket for one seat of an order.</summary>
public sealed record OrderTicket(string TicketId, string SeatId, string Code, decimal Price);
