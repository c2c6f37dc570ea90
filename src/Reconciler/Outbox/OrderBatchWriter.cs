using Dapper;
using Npgsql;
using Ticketing.Persistence;
using Ticketing.Persistence.Ops;
using Ticketing.Reconciler.Ops;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Outbox;

namespace Ticketing.Reconciler.Outbox;

/// <summary>What one batch did.</summary>
/// <param name="Written">Orders new to PostgreSQL.</param>
/// <param name="AlreadyWritten">Orders PostgreSQL had already (a redelivered entry): nothing was written for them.</param>
/// <param name="Conflicts">Tickets the unique constraint refused: seats sold twice.</param>
/// <param name="Malformed">Entries that are not orders.</param>
public sealed record BatchResult(int Written, int AlreadyWritten, IReadOnlyList<SeatConflict> Conflicts, IReadOnlyList<MalformedOutboxEntry> Malformed);

/// <summary>
/// A batch that must wait: it sells a seat whose refund is still in the outbox. Its entries stay
/// pending and are written again once claimed back, after the refund.
/// </summary>
public sealed class OutboxOrderException(string message) : Exception(message);

/// <summary>A ticket PostgreSQL refused because another order holds the seat.</summary>
public sealed record SeatConflict(string OrderId, string SeatId, string? ExistingOrderId, string EntryId);

/// <summary>
/// Writes one event's outbox entries to PostgreSQL in one transaction: orders, tickets, payments,
/// and an alarm row for every ticket the unique constraint refuses; then each entry of another
/// kind through the <see cref="IOutboxKindWriter"/> registered for its kind (an entry of a kind no
/// writer takes is recorded as malformed).
/// <para>
/// Idempotent by construction: an order already present (a redelivered entry) is skipped whole,
/// so a crash between commit and acknowledgement writes nothing twice. Conflicts never abort the
/// batch: every insert is <c>ON CONFLICT DO NOTHING</c>, refused tickets are found by comparing
/// what was inserted with what was asked, and the rest of the batch commits.
/// </para>
/// </summary>
public sealed class OrderBatchWriter(
    NpgsqlDataSource dataSource, IEnumerable<IOutboxKindWriter> kindWriters, IOrderOutbox outbox,
    ReconcilerMetrics metrics, ILogger<OrderBatchWriter> logger)
{
    private readonly Dictionary<string, IOutboxKindWriter> _kindWriters = kindWriters.ToDictionary(w => w.Kind, StringComparer.Ordinal);

    /// <summary>Writes orders only (and records the malformed ones).</summary>
    public Task<BatchResult> WriteAsync(
        Guid eventId, IReadOnlyList<OutboxEntry> entries, IReadOnlyList<MalformedOutboxEntry> malformed, CancellationToken cancellationToken) =>
        WriteAsync(eventId, new OutboxBatch(entries, malformed), cancellationToken);

    /// <summary>Writes every entry of the batch, of whatever kind, in one transaction.</summary>
    public async Task<BatchResult> WriteAsync(Guid eventId, OutboxBatch batch, CancellationToken cancellationToken)
    {
        var (orders, invalid) = Validate(eventId, batch.Entries);
        var rejected = new List<MalformedOutboxEntry>([.. batch.Malformed, .. invalid]);

        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var inserted = await InsertAsync(connection, transaction, eventId, orders, cancellationToken).ConfigureAwait(false);
        var newOrders = orders.Where(entry => inserted.Orders.Contains(entry.Order.OrderId)).ToList();
        var refused = newOrders.SelectMany(e => e.Order.Tickets.Where(t => !inserted.Tickets.Contains(t.TicketId)).Select(t => (Entry: e, Ticket: t))).ToList();
        rejected.AddRange(await WriteOtherKindsAsync(connection, transaction, eventId, batch.Records, cancellationToken).ConfigureAwait(false));
        var conflicts = await MarkConflictsAsync(connection, transaction, eventId, refused, batch.AllEntryIds, cancellationToken).ConfigureAwait(false);
        await RecordAlarmsAsync(connection, transaction, eventId, conflicts, rejected, cancellationToken).ConfigureAwait(false);

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        Report(eventId, newOrders, conflicts, rejected);
        return new BatchResult(newOrders.Count, orders.Count - newOrders.Count, conflicts, rejected);
    }

    /// <summary>
    /// Keeps each order once (a batch can hold an entry twice: claimed and redelivered) and sets
    /// aside entries that could not be written at all, so one bad entry never blocks a stream.
    /// </summary>
    private static (List<OutboxEntry> Orders, List<MalformedOutboxEntry> Invalid) Validate(Guid eventId, IReadOnlyList<OutboxEntry> entries)
    {
        var orders = new List<OutboxEntry>(entries.Count);
        var invalid = new List<MalformedOutboxEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var problem = Problem(eventId, entry.Order);
            if (problem is not null)
            {
                invalid.Add(new MalformedOutboxEntry(entry.EntryId, problem, OrderCodec.Encode(entry.Order)));
            }
            else if (seen.Add(entry.Order.OrderId))
            {
                orders.Add(entry);
            }
        }

        return (orders, invalid);
    }

    private static string? Problem(Guid eventId, OrderRecord order) => order switch
    {
        _ when string.IsNullOrEmpty(order.OrderId) || string.IsNullOrEmpty(order.UserId)
            || string.IsNullOrEmpty(order.ReservationId) || string.IsNullOrEmpty(order.IdempotencyKey)
            || string.IsNullOrEmpty(order.PaymentTransactionId) || string.IsNullOrEmpty(order.Currency) => "order lacks an id field",
        _ when !Guid.TryParse(order.EventId, out var orderEvent) || orderEvent != eventId => "order belongs to another event",
        _ when order.Tickets is null || order.Tickets.Count == 0 => "order has no tickets",
        _ when order.Tickets.Any(t => string.IsNullOrEmpty(t?.TicketId) || string.IsNullOrEmpty(t.SeatId) || t.Code is null) => "order has an incomplete ticket",
        _ => null,
    };

    /// <summary>What one batch's insert added: ids of the new orders, and of their tickets the unique constraint let in.</summary>
    internal sealed record Inserted(HashSet<string> Orders, HashSet<string> Tickets);

    /// <summary>
    /// Inserts orders, their tickets and payments in one statement, so a batch costs PostgreSQL one
    /// round trip besides its commit. Tickets and payments are inserted only for orders that are
    /// new (a redelivered order is skipped whole); the foreign keys are checked at the end of the
    /// statement, when the orders are in.
    /// </summary>
    internal static async Task<Inserted> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid eventId, List<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        var inserted = new Inserted(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        if (entries.Count == 0)
        {
            return inserted;
        }

        var tickets = entries.SelectMany(e => e.Order.Tickets.Select(t => (e.Order, Ticket: t))).ToList();
        var rows = await connection.QueryAsync<(string Kind, string Id)>(new CommandDefinition("""
            WITH new_orders AS (
                INSERT INTO orders (id, event_id, user_id, reservation_id, idempotency_key, total_amount, currency,
                                    payment_transaction_id, status, confirmed_at, outbox_entry_id)
                SELECT o.id, @eventId, o.user_id, o.reservation_id, o.idempotency_key, o.total_amount, o.currency,
                       o.payment_transaction_id, 'confirmed', o.confirmed_at, o.entry_id
                FROM unnest(@ids::text[], @userIds::text[], @reservationIds::text[], @idempotencyKeys::text[],
                            @amounts::numeric[], @currencies::text[], @transactionIds::text[], @confirmedAts::timestamptz[],
                            @entryIds::text[])
                     AS o(id, user_id, reservation_id, idempotency_key, total_amount, currency, payment_transaction_id,
                          confirmed_at, entry_id)
                ON CONFLICT (id) DO NOTHING
                RETURNING id
            ), new_tickets AS (
                INSERT INTO tickets (id, order_id, event_id, seat_id, code, price, status)
                SELECT t.id, t.order_id, @eventId, t.seat_id, t.code, t.price, t.status
                FROM unnest(@ticketIds::text[], @ticketOrderIds::text[], @seatIds::text[], @codes::text[], @prices::numeric[],
                            @ticketStatuses::text[])
                     AS t(id, order_id, seat_id, code, price, status)
                WHERE t.order_id IN (SELECT id FROM new_orders)
                ON CONFLICT DO NOTHING
                RETURNING id
            ), new_payments AS (
                INSERT INTO payments (transaction_id, order_id, event_id, user_id, idempotency_key, amount, currency, status)
                SELECT p.transaction_id, p.order_id, @eventId, p.user_id, p.idempotency_key, p.amount, p.currency, 'succeeded'
                FROM unnest(@transactionIds::text[], @ids::text[], @userIds::text[], @idempotencyKeys::text[],
                            @amounts::numeric[], @currencies::text[])
                     AS p(transaction_id, order_id, user_id, idempotency_key, amount, currency)
                WHERE p.order_id IN (SELECT id FROM new_orders)
                ON CONFLICT DO NOTHING
            )
            SELECT 'order' AS kind, id FROM new_orders
            UNION ALL
            SELECT 'ticket', id FROM new_tickets
            """,
            new
            {
                eventId,
                ids = entries.Select(e => e.Order.OrderId).ToArray(),
                userIds = entries.Select(e => e.Order.UserId).ToArray(),
                reservationIds = entries.Select(e => e.Order.ReservationId).ToArray(),
                idempotencyKeys = entries.Select(e => e.Order.IdempotencyKey).ToArray(),
                amounts = entries.Select(e => e.Order.TotalAmount).ToArray(),
                currencies = entries.Select(e => e.Order.Currency).ToArray(),
                transactionIds = entries.Select(e => e.Order.PaymentTransactionId).ToArray(),
                confirmedAts = entries.Select(e => e.Order.ConfirmedAt.UtcDateTime).ToArray(),
                entryIds = entries.Select(e => e.EntryId).ToArray(),
                ticketIds = tickets.Select(t => t.Ticket.TicketId).ToArray(),
                ticketOrderIds = tickets.Select(t => t.Order.OrderId).ToArray(),
                seatIds = tickets.Select(t => t.Ticket.SeatId).ToArray(),
                codes = tickets.Select(t => t.Ticket.Code).ToArray(),
                prices = tickets.Select(t => t.Ticket.Price).ToArray(),
                // An order first written from its cancellation (the order's own entry still on its
                // way) has refunded tickets: they go in as such, never holding their seats.
                ticketStatuses = tickets.Select(t => t.Ticket.IsRefunded ? TicketStatuses.Refunded : TicketStatuses.Active).ToArray(),
            },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        foreach (var (kind, id) in rows)
        {
            (kind == "order" ? inserted.Orders : inserted.Tickets).Add(id);
        }

        return inserted;
    }

    /// <summary>
    /// Decides about the tickets the unique index of active tickets refused. First each is tried
    /// again: a cancellation written in this batch (after the orders), or committed by a batch
    /// written beside this one, may have given its seat back since. A seat still taken by an order
    /// whose cancellation is still in the outbox means the stream delivered the new sale before
    /// the refund that made it possible (two batches in flight, or a batch claimed back from a dead
    /// writer): the insert is tried again for up to a second, then the batch is rolled back and
    /// left pending, to be written again after the cancellation. What remains is a seat sold twice: the orders are marked as seat conflicts,
    /// naming the order that holds each seat.
    /// </summary>
    private async Task<List<SeatConflict>> MarkConflictsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid eventId,
        List<(OutboxEntry Entry, OrderTicket Ticket)> refused, IReadOnlyList<string> batchEntryIds, CancellationToken cancellationToken)
    {
        if (refused.Count == 0)
        {
            return [];
        }

        // A refund being written beside this batch commits within moments: try again for a while
        // before leaving the batch to be claimed back, which takes ClaimIdleSeconds.
        Dictionary<string, string> owners;
        for (var attempt = 1; ; attempt++)
        {
            refused = await InsertAgainAsync(connection, transaction, eventId, refused, cancellationToken).ConfigureAwait(false);
            if (refused.Count == 0)
            {
                return [];
            }

            owners = (await connection.QueryAsync<(string SeatId, string OrderId)>(new CommandDefinition("""
                SELECT seat_id, order_id FROM tickets WHERE event_id = @eventId AND seat_id = ANY(@seatIds) AND status = 'active'
                """, new { eventId, seatIds = refused.Select(t => t.Ticket.SeatId).ToArray() }, transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false)).ToDictionary(o => o.SeatId, o => o.OrderId);
            var refunding = await outbox.FindOrdersWithPendingEntriesAsync(
                eventId.ToString("D"), OutboxKinds.Cancellation, [.. owners.Values.Distinct(StringComparer.Ordinal)], batchEntryIds, cancellationToken).ConfigureAwait(false);
            if (refunding.Count == 0)
            {
                break;
            }

            if (attempt == RefundWaitAttempts)
            {
                throw new OutboxOrderException(
                    $"event {eventId}: a sale of seats of orders {string.Join(", ", refunding)} came before their cancellation; the batch waits for it");
            }

            await Task.Delay(RefundWaitInterval, cancellationToken).ConfigureAwait(false);
        }

        var conflicts = refused
            .Select(t => new SeatConflict(t.Entry.Order.OrderId, t.Ticket.SeatId, owners.GetValueOrDefault(t.Ticket.SeatId), t.Entry.EntryId))
            .ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE orders SET status = 'seat_conflict' WHERE id = ANY(@orderIds)",
            new { orderIds = conflicts.Select(c => c.OrderId).Distinct().ToArray() }, transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return conflicts;
    }

    private const int RefundWaitAttempts = 20;
    private static readonly TimeSpan RefundWaitInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Inserts refused tickets again (a later statement sees what committed since); returns those still refused.</summary>
    private static async Task<List<(OutboxEntry Entry, OrderTicket Ticket)>> InsertAgainAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid eventId,
        List<(OutboxEntry Entry, OrderTicket Ticket)> refused, CancellationToken cancellationToken)
    {
        var inserted = (await connection.QueryAsync<string>(new CommandDefinition("""
            INSERT INTO tickets (id, order_id, event_id, seat_id, code, price)
            SELECT t.id, t.order_id, @eventId, t.seat_id, t.code, t.price
            FROM unnest(@ticketIds::text[], @orderIds::text[], @seatIds::text[], @codes::text[], @prices::numeric[])
                 AS t(id, order_id, seat_id, code, price)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, new
            {
                eventId,
                ticketIds = refused.Select(t => t.Ticket.TicketId).ToArray(),
                orderIds = refused.Select(t => t.Entry.Order.OrderId).ToArray(),
                seatIds = refused.Select(t => t.Ticket.SeatId).ToArray(),
                codes = refused.Select(t => t.Ticket.Code).ToArray(),
                prices = refused.Select(t => t.Ticket.Price).ToArray(),
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        // A ticket a cancellation of this batch wrote already (as refunded) is not refused either.
        var written = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM tickets WHERE id = ANY(@ticketIds)", new { ticketIds = refused.Select(t => t.Ticket.TicketId).ToArray() },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        return [.. refused.Where(t => !inserted.Contains(t.Ticket.TicketId) && !written.Contains(t.Ticket.TicketId))];
    }

    /// <summary>Hands each kind's entries, in stream order, to its writer; entries of an unknown kind are malformed.</summary>
    private async Task<List<MalformedOutboxEntry>> WriteOtherKindsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid eventId, IReadOnlyList<OutboxRecord> records, CancellationToken cancellationToken)
    {
        var rejected = new List<MalformedOutboxEntry>();
        foreach (var kind in records.GroupBy(record => record.Kind, StringComparer.Ordinal))
        {
            if (_kindWriters.TryGetValue(kind.Key, out var writer))
            {
                rejected.AddRange(await writer.WriteAsync(connection, transaction, eventId, [.. kind], cancellationToken).ConfigureAwait(false));
            }
            else
            {
                rejected.AddRange(kind.Select(record => new MalformedOutboxEntry(record.EntryId, $"no writer for entry kind '{record.Kind}'",
                    string.Join(' ', record.Fields.Select(field => $"{field.Key}={field.Value}")))));
            }
        }

        return rejected;
    }

    private static Task RecordAlarmsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid eventId,
        List<SeatConflict> conflicts, IReadOnlyList<MalformedOutboxEntry> malformed, CancellationToken cancellationToken)
    {
        List<NewAlarm> alarms =
        [
            .. conflicts.Select(c => new NewAlarm(AlarmKinds.Oversell, eventId, c.SeatId, c.OrderId, c.ExistingOrderId, c.EntryId,
                $"seat {c.SeatId} of order {c.OrderId} is already sold to order {c.ExistingOrderId ?? "(unknown)"}")),
            .. malformed.Select(m => new NewAlarm(AlarmKinds.MalformedOutboxEntry, eventId, null, null, null, m.EntryId,
                $"{m.Problem}: {Truncate(m.RawOrder, 500)}")),
        ];
        return NewAlarm.InsertAsync(connection, transaction, alarms, cancellationToken);
    }

    private void Report(Guid eventId, List<OutboxEntry> written, List<SeatConflict> conflicts, IReadOnlyList<MalformedOutboxEntry> malformed)
    {
        metrics.OrdersPersisted(written.Count);
        var now = DateTimeOffset.UtcNow;
        foreach (var entry in written)
        {
            metrics.PersistLag(now - entry.Order.ConfirmedAt);
        }

        foreach (var conflict in conflicts)
        {
            metrics.Alarm(AlarmKinds.Oversell);
            logger.LogError(
                "OVERSELL ALARM: event {EventId} seat {SeatId} of order {OrderId} (outbox entry {EntryId}) is already sold to order {ExistingOrderId}",
                eventId, conflict.SeatId, conflict.OrderId, conflict.EntryId, conflict.ExistingOrderId);
        }

        foreach (var entry in malformed)
        {
            metrics.Alarm(AlarmKinds.MalformedOutboxEntry);
            logger.LogError("Outbox entry {EntryId} of event {EventId} is not an order ({Problem}); recorded as an alarm",
                entry.EntryId, eventId, entry.Problem);
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
