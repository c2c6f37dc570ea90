using Npgsql;
using Ticketing.Scripts.Outbox;

namespace Ticketing.Reconciler.Outbox;

/// <summary>
/// Writes the outbox entries of one kind (<see cref="OutboxKinds"/>) to PostgreSQL, inside the
/// transaction of the batch they came in, after the batch's orders. Register one per kind as
/// <see cref="IOutboxKindWriter"/>; <see cref="OrderBatchWriter"/> hands each its entries.
/// Entries are delivered at least once, so writing one again must change nothing.
/// </summary>
public interface IOutboxKindWriter
{
    /// <summary>The <see cref="OutboxKinds.KindField"/> value this writer takes.</summary>
    string Kind { get; }

    /// <summary>
    /// Writes the entries; returns those it cannot write at all, which are recorded as alarms and
    /// acknowledged so that one bad entry never blocks a stream. Throwing rolls the batch back and
    /// leaves it pending, to be claimed and written again later.
    /// </summary>
    Task<IReadOnlyList<MalformedOutboxEntry>> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid eventId, IReadOnlyList<OutboxRecord> records,
        CancellationToken cancellationToken);
}
