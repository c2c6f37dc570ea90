using Ticketing.Api.Tickets;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Tickets;

namespace Ticketing.Api.Features.Orders;

/// <summary>
/// An order: the commit answer, and with <see cref="Persisted"/> (whether PostgreSQL has it yet) on
/// the order routes. <see cref="Status"/> is one of <see cref="OrderStatuses"/>; the payment's status
/// follows it (<c>succeeded</c>, <c>partially_refunded</c>, <c>refunded</c>), and each ticket's is
/// <c>valid</c>, <c>checked_in</c> or <c>refunded</c> (<see cref="TicketResponse"/>).
/// </summary>
public sealed record OrderResponse(
    string OrderId,
    string Status,
    string ReservationId,
    Guid EventId,
    decimal TotalAmount,
    string Currency,
    PaymentResponse Payment,
    IReadOnlyList<TicketResponse> Tickets,
    DateTimeOffset ConfirmedAt,
    bool? Persisted)
{
    public const string Confirmed = OrderStatuses.Confirmed;

    /// <param name="order">The order.</param>
    /// <param name="persisted">Whether PostgreSQL has it (null on the commit answer, which does not say).</param>
    /// <param name="payloads">Signs each ticket's QR payload.</param>
    /// <param name="checkedIn">When each admitted ticket was checked in; null when none can have been (a new order).</param>
    public static OrderResponse From(OrderRecord order, bool? persisted, TicketPayloads payloads, IReadOnlyDictionary<string, DateTimeOffset>? checkedIn = null) => new(
        order.OrderId,
        order.CurrentStatus,
        order.ReservationId,
        Guid.Parse(order.EventId),
        order.TotalAmount,
        order.Currency,
        new PaymentResponse(order.PaymentTransactionId, order.CurrentStatus == OrderStatuses.Confirmed ? "succeeded" : order.CurrentStatus),
        [.. order.Tickets.Select(ticket => TicketResponse.From(order, ticket, payloads, checkedIn is not null && checkedIn.TryGetValue(ticket.TicketId, out var at) ? at : null))],
        order.ConfirmedAt,
        persisted);
}

public sealed record PaymentResponse(string TransactionId, string Status);

/// <summary>
/// A ticket of an order: <see cref="Number"/> to read out, <see cref="Status"/> as the contract names it
/// (<c>valid</c>, <c>checked_in</c> or <c>refunded</c>), <see cref="QrPayload"/> the signed string its QR code
/// holds (what the gate admits), and <see cref="CheckedInAt"/> once it has been admitted.
/// </summary>
public sealed record TicketResponse(string TicketId, string SeatId, string Code, string Number, string Status, string QrPayload, DateTimeOffset? CheckedInAt)
{
    public static TicketResponse From(OrderRecord order, OrderTicket ticket, TicketPayloads payloads, DateTimeOffset? checkedInAt) => new(
        ticket.TicketId,
        ticket.SeatId,
        ticket.Code,
        TicketNumbers.Of(ticket.Code),
        StatusOf(ticket, checkedInAt),
        payloads.Sign(new TicketRef(order.EventId, ticket.TicketId, order.OrderId, ticket.SeatId)),
        checkedInAt);

    public const string Valid = "valid";
    public const string CheckedIn = "checked_in";

    // The stores keep whether a ticket is active or refunded, and check-ins apart; a buyer reads one word.
    private static string StatusOf(OrderTicket ticket, DateTimeOffset? checkedInAt) =>
        ticket.Status == TicketStatuses.Refunded ? TicketStatuses.Refunded
        : checkedInAt is null ? Valid
        : CheckedIn;
}
