using Ticketing.Scripts.Orders;

namespace Ticketing.Api.Features.Orders;

/// <summary>
/// A confirmed order: the commit answer, and with <see cref="Persisted"/> (whether PostgreSQL has
/// it yet) on the order routes.
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
    public const string Confirmed = "confirmed";

    public static OrderResponse From(OrderRecord order, bool? persisted) => new(
        order.OrderId,
        Confirmed,
        order.ReservationId,
        Guid.Parse(order.EventId),
        order.TotalAmount,
        order.Currency,
        new PaymentResponse(order.PaymentTransactionId, "succeeded"),
        [.. order.Tickets.Select(ticket => new TicketResponse(ticket.TicketId, ticket.SeatId, ticket.Code))],
        order.ConfirmedAt,
        persisted);
}

public sealed record PaymentResponse(string TransactionId, string Status);

public sealed record TicketResponse(string TicketId, string SeatId, string Code);
