using System.Text.Json.Serialization;

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
/// <param name="Status">One of <see cref="OrderStatuses"/>; absent (null) in orders never refunded: confirmed.</param>
/// <param name="Refunds">Every refund of the order, in the order they happened (refund_tickets.lua records them); null when none.</param>
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
    IReadOnlyList<OrderTicket> Tickets,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OrderRefund>? Refunds = null)
{
    /// <summary>The order's status, <see cref="OrderStatuses.Confirmed"/> when it was never refunded.</summary>
    [JsonIgnore]
    public string CurrentStatus => Status ?? OrderStatuses.Confirmed;
}

/// <summary>A ticket for one seat of an order.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="SeatId">Its seat.</param>
/// <param name="Code">The code printed on it.</param>
/// <param name="Price">What the seat cost.</param>
/// <param name="Status">One of <see cref="TicketStatuses"/>; absent (null) in tickets never refunded: active.</param>
public sealed record OrderTicket(string TicketId, string SeatId, string Code, decimal Price,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null)
{
    /// <summary>True once the ticket is refunded: its seat is back on sale.</summary>
    [JsonIgnore]
    public bool IsRefunded => Status == TicketStatuses.Refunded;
}

/// <summary>
/// One refund of an order: the tickets it gave back, numbered from 1 within the order. The number
/// makes the gateway's refund key, so asking for the same refund again never pays twice.
/// </summary>
/// <param name="Number">1 for the order's first refund, 2 for its second, ...</param>
/// <param name="TicketIds">The tickets refunded by it.</param>
/// <param name="RefundedAtMs">When it happened (Redis clock, Unix ms).</param>
public sealed record OrderRefund(int Number, IReadOnlyList<string> TicketIds, long RefundedAtMs);

/// <summary>The statuses of an order, in Redis and in PostgreSQL's <c>orders.status</c>.</summary>
public static class OrderStatuses
{
    /// <summary>Paid, every ticket active.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>Some tickets refunded, some active.</summary>
    public const string PartiallyRefunded = "partially_refunded";

    /// <summary>Every ticket refunded.</summary>
    public const string Refunded = "refunded";
}

/// <summary>The statuses of a ticket, in Redis and in PostgreSQL's <c>tickets.status</c>.</summary>
public static class TicketStatuses
{
    /// <summary>Valid for entry; its seat is sold.</summary>
    public const string Active = "active";

    /// <summary>Given back; its seat is on sale again.</summary>
    public const string Refunded = "refunded";
}
