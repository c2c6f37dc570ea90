using Dapper;
using Npgsql;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Outbox;

namespace Ticketing.Reconciler.Outbox;

/// <summary>
/// Writes refunds (<see cref="OutboxKinds.Cancellation"/> entries of refund_tickets.lua) to
/// PostgreSQL: the refunded tickets become <c>refunded</c> (their seats leave the unique index of
/// active tickets, so they can be sold again), and the order and its payment follow their tickets:
/// <c>partially_refunded</c> while some ticket is active, <c>refunded</c> when none is, with the
/// amount given back.
/// <para>
/// Idempotent and indifferent to order: every entry carries the whole order as it stood after its
/// refund, tickets only ever move from active to refunded, and the statuses are recounted from the
/// tickets, so a replay, or an older refund written after a newer one, changes nothing. An order
/// PostgreSQL does not have yet (its own entry still on its way) is written from the entry, its
/// refunded tickets as refunded; its own entry is then recognised as written and skipped.
/// </para>
/// </summary>
public sealed class CancellationWriter : IOutboxKindWriter
{
    /// <inheritdoc />
    public string Kind => OutboxKinds.Cancellation;

    /// <inheritdoc />
    public async Task<IReadOnlyList<MalformedOutboxEntry>> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid eventId, IReadOnlyList<OutboxRecord> records,
        CancellationToken cancellationToken)
    {
        var malformed = new List<MalformedOutboxEntry>();
        var orders = new List<OutboxEntry>(records.Count);
        foreach (var record in records)
        {
            var json = record.Field(OrderCodec.OrderField) ?? "";
            try
            {
                var order = OrderCodec.Decode(json, record.Field(OutboxKinds.OrderConfirmedAtField) ?? "");
                if (!Guid.TryParse(order.EventId, out var orderEvent) || orderEvent != eventId || order.Tickets is not { Count: > 0 })
                {
                    throw new FormatException("cancellation names an order of another event, or one without tickets");
                }

                orders.Add(new OutboxEntry(record.EntryId, order));
            }
            catch (FormatException exception)
            {
                malformed.Add(new MalformedOutboxEntry(record.EntryId, exception.Message, json));
            }
        }

        if (orders.Count == 0)
        {
            return malformed;
        }

        // The newest state of each order, should it have to be written from here.
        var latest = orders.GroupBy(entry => entry.Order.OrderId, StringComparer.Ordinal).Select(group => group.Last()).ToList();
        await OrderBatchWriter.InsertAsync(connection, transaction, eventId, latest, cancellationToken).ConfigureAwait(false);
        var refunded = orders
            .SelectMany(entry => (entry.Order.Refunds ?? []).SelectMany(refund => refund.TicketIds.Select(ticket => (Ticket: ticket, refund.RefundedAtMs))))
            .DistinctBy(refund => refund.Ticket)
            .ToList();
        // A refunded ticket the order's own write left out (refused while an earlier buyer of its
        // seat was still active, in the same batch) goes in as refunded: it holds no seat.
        var refundedAt = refunded.ToDictionary(r => r.Ticket, r => r.RefundedAtMs, StringComparer.Ordinal);
        var missing = latest.SelectMany(entry => entry.Order.Tickets.Where(t => refundedAt.ContainsKey(t.TicketId)).Select(t => (entry.Order.OrderId, Ticket: t))).ToList();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO tickets (id, order_id, event_id, seat_id, code, price, status, refunded_at)
            SELECT t.id, t.order_id, @eventId, t.seat_id, t.code, t.price, 'refunded', t.refunded_at
            FROM unnest(@ticketIds::text[], @orderIds::text[], @seatIds::text[], @codes::text[], @prices::numeric[], @refundedAts::timestamptz[])
                 AS t(id, order_id, seat_id, code, price, refunded_at)
            ON CONFLICT DO NOTHING
            """, new
            {
                eventId,
                ticketIds = missing.Select(m => m.Ticket.TicketId).ToArray(),
                orderIds = missing.Select(m => m.OrderId).ToArray(),
                seatIds = missing.Select(m => m.Ticket.SeatId).ToArray(),
                codes = missing.Select(m => m.Ticket.Code).ToArray(),
                prices = missing.Select(m => m.Ticket.Price).ToArray(),
                refundedAts = missing.Select(m => DateTimeOffset.FromUnixTimeMilliseconds(refundedAt[m.Ticket.TicketId]).UtcDateTime).ToArray(),
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE tickets t SET status = 'refunded', refunded_at = r.refunded_at
            FROM unnest(@ticketIds::text[], @refundedAts::timestamptz[]) AS r(id, refunded_at)
            WHERE t.id = r.id AND t.event_id = @eventId AND t.status = 'active'
            """, new
            {
                eventId,
                ticketIds = refunded.Select(r => r.Ticket).ToArray(),
                refundedAts = refunded.Select(r => DateTimeOffset.FromUnixTimeMilliseconds(r.RefundedAtMs).UtcDateTime).ToArray(),
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        // Both updates read the tickets as they stand after the update above (a later statement).
        await connection.ExecuteAsync(new CommandDefinition("""
            WITH counts AS (
                SELECT order_id,
                       count(*) FILTER (WHERE status = 'active') AS active,
                       count(*) FILTER (WHERE status = 'refunded') AS refunded,
                       coalesce(sum(price) FILTER (WHERE status = 'refunded'), 0) AS refunded_amount
                FROM tickets WHERE order_id = ANY(@orderIds) GROUP BY order_id
            ), refunded_orders AS (
                UPDATE orders o
                SET status = CASE WHEN c.active = 0 THEN 'refunded' ELSE 'partially_refunded' END
                FROM counts c WHERE o.id = c.order_id AND c.refunded > 0
            )
            UPDATE payments p
            SET status = CASE WHEN c.active = 0 THEN 'refunded' ELSE 'partially_refunded' END,
                refunded_amount = c.refunded_amount
            FROM counts c WHERE p.order_id = c.order_id AND c.refunded > 0
            """, new { orderIds = orders.Select(o => o.Order.OrderId).Distinct().ToArray() },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return malformed;
    }
}
