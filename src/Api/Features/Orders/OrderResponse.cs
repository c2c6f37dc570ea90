using Ticketing.Scripts.Orders;

namespace Ticketing.Api.Features.Orders;

/// <summary>
/// An order: the commit answer, and with <see cref="Persisted"/> (whether PostgreSQL has it yet) on
/// the order routes. <see cref="Status"/> is one of <see cref="OrderStatuses"/>; the payment's status
/// follows it (<c>succeeded</c>, <c>partially_refunded</c>, <c>refunded</c>), and each ticket's is
/// one of <see cref="TicketStatuses"/>.
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

    public static OrderResponse From(OrderRecord order, bool? persisted) => new(
        order.OrderId,
        order.CurrentStatus,
        order.ReservationId,
        Guid.Parse(order.EventId),
        order.TotalAmount,
        order.Currency,
        new PaymentResponse(order.PaymentTransactionId, order.CurrentStatus == OrderStatuses.Confirmed ? "succeeded" : order.CurrentStatus),
        [.. order.Tickets.Select(ticket => new TicketResponse(ticket.TicketId, ticket.SeatId, ticket.Code, ticket.Status ?? TicketStatuses.Active))],
        order.ConfirmedAt,
        persisted);
}

public sealed record PaymentResponse(string TransactionId, string Status);

public sealed record TicketResponse(string TicketId, string SeatId, string Code, string Status);
