using Dapper;
using Npgsql;

using Ticketing.Scripts;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Orders;

namespace Ticketing.Persistence.Orders;

/// <summary>
/// Orders from PostgreSQL; an order committed in Redis but not written yet is read from the
/// engine's order record and answered with <see cref="StoredOrder.Persisted"/> false.
/// </summary>
public sealed class OrderQueries(NpgsqlDataSource dataSource, IInventorySales engine) : IOrderQueries
{
    public async Task<StoredOrder?> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        // A forged or mistyped id names no event: no need to ask anyone.
        if (!EntityIds.TryGetEventId(orderId, EntityIds.OrderPrefix, out _))
        {
            return null;
        }

        // Both stores at once. Redis' order record, while it is kept, is the newest word on the
        // order: a refund marks it in the same run that puts the seats back on sale, and reaches
        // PostgreSQL a moment later through the outbox.
        var inRedis = engine.GetOrderAsync(orderId, cancellationToken);
        var stored = await ReadAsync("WHERE id = @orderId", new { orderId }, cancellationToken).ConfigureAwait(false);
        var pending = await inRedis.ConfigureAwait(false);
        return (pending, stored) switch
        {
            (not null, _) => new StoredOrder(pending, Persisted: stored.Count > 0),
            (null, [var written, ..]) => new StoredOrder(written, Persisted: true),
            _ => null,
        };
    }

    public async Task<IReadOnlyList<StoredOrder>> ListForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        // Redis first, PostgreSQL second: an order leaves the outbox only after PostgreSQL has it,
        // so an order the writer moves between the two reads is found in PostgreSQL, never missed.
        // One found in both is PostgreSQL's, never listed twice.
        var unwritten = await engine.UnwrittenOrdersOfUserAsync(userId, cancellationToken).ConfigureAwait(false);
        var written = await ReadAsync("WHERE user_id = @userId", new { userId }, cancellationToken).ConfigureAwait(false);
        var writtenIds = written.Select(order => order.OrderId).ToHashSet(StringComparer.Ordinal);
        StoredOrder[] listed =
        [
            .. written.Select(order => new StoredOrder(order, Persisted: true)),
            .. unwritten.Where(order => !writtenIds.Contains(order.OrderId)).DistinctBy(order => order.OrderId)
                .Select(order => new StoredOrder(order, Persisted: false)),
        ];
        // As for one order, Redis' record (kept for a day) is the newest word on every order listed:
        // PostgreSQL's row and the outbox entry both hold the order as it was written or committed,
        // so a refund shows in the list at once. The reads share one connection and travel together.
        var newest = await Task.WhenAll(listed.Select(stored => engine.GetOrderAsync(stored.Order.OrderId, cancellationToken))).ConfigureAwait(false);
        return [.. listed.Select((stored, i) => newest[i] is { } record ? stored with { Order = record } : stored)];
    }

    public async Task<IReadOnlyList<OrderRecord>> ListRefundableAsync(Guid eventId, string afterOrderId, int limit, CancellationToken cancellationToken = default) =>
        await ReadAsync(
            """
            WHERE event_id = @eventId AND id > @afterOrderId AND status <> 'refunded'
              AND id IN (SELECT order_id FROM tickets WHERE event_id = @eventId AND status = 'active')
            """, new { eventId, afterOrderId, limit }, cancellationToken, orderBy: "id LIMIT @limit").ConfigureAwait(false);

    private async Task<List<OrderRecord>> ReadAsync(string where, object parameters, CancellationToken cancellationToken, string orderBy = "confirmed_at DESC, id")
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var orders = (await connection.QueryAsync<OrderRow>(new CommandDefinition($"""
            SELECT id, event_id, user_id, reservation_id, idempotency_key, total_amount, currency,
                   payment_transaction_id, confirmed_at, status
            FROM orders {where}
            ORDER BY {orderBy}
            """, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (orders.Count == 0)
        {
            return [];
        }

        var tickets = (await connection.QueryAsync<TicketRow>(new CommandDefinition("""
            SELECT id, order_id, seat_id, code, price, status FROM tickets WHERE order_id = ANY(@orderIds) ORDER BY seat_id
            """, new { orderIds = orders.Select(o => o.Id).ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToLookup(t => t.OrderId);
        return [.. orders.Select(order => order.ToRecord(tickets[order.Id]))];
    }

    private sealed record OrderRow(
        string Id, Guid EventId, string UserId, string ReservationId, string IdempotencyKey, decimal TotalAmount,
        string Currency, string PaymentTransactionId, DateTime ConfirmedAt, string Status)
    {
        public OrderRecord ToRecord(IEnumerable<TicketRow> tickets) => new(
            Id, EventId.ToString("D"), UserId, ReservationId, IdempotencyKey, TotalAmount, Currency,
            PaymentTransactionId, new DateTimeOffset(ConfirmedAt, TimeSpan.Zero),
            [.. tickets.Select(t => new OrderTicket(t.Id, t.SeatId, t.Code, t.Price, t.Status == TicketStatuses.Active ? null : t.Status))],
            // An oversold order (seat_conflict) reads as confirmed, as it always has: the buyer paid.
            Status is OrderStatuses.Refunded or OrderStatuses.PartiallyRefunded ? Status : null);
    }

    private sealed record TicketRow(string Id, string OrderId, string SeatId, string Code, decimal Price, string Status);
}
