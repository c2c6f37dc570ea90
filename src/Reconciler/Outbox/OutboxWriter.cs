using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Ticketing.Scripts.Outbox;

namespace Ticketing.Reconciler.Outbox;

/// <summary>
/// Moves confirmed orders from each event's outbox stream into PostgreSQL. Every Reconciler
/// process reads with the same consumer group, so each entry goes to one of them; an entry is
/// acknowledged only after its batch committed, and entries left pending by a consumer that died
/// are claimed by another after <see cref="OutboxWriterOptions.ClaimIdleSeconds"/>.
/// </summary>
public sealed class OutboxWriter(
    IOrderOutbox outbox,
    OrderBatchWriter batchWriter,
    IOptions<ReconcilerOptions> options,
    TimeProvider time,
    ILogger<OutboxWriter> logger)
{
    /// <summary>Most batches one event gets in a pass before the next event's turn.</summary>
    public const int BatchesPerPass = 8;

    private readonly OutboxWriterOptions _options = options.Value.Outbox;
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastClaim = new();

    /// <summary>This process's consumer name in the group: unique per process, so a restarted process never inherits a dead one's pending entries except by claiming them.</summary>
    public string Consumer { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Most batches of one event written to PostgreSQL at once. One PostgreSQL backend writes a
    /// batch on one core; a second batch in flight lets another core write while the first waits
    /// for its commit to reach the disk. Batches are independent: each holds other orders and seats,
    /// and each is acknowledged after its own commit, in whatever order they finish.
    /// </summary>
    public const int WritesInFlight = 2;

    /// <summary>
    /// One pass over one event's stream: first takes over entries stale on a dead consumer (at
    /// most every half claim-idle period), then writes new entries batch after batch, up to
    /// <see cref="BatchesPerPass"/> so other events get their turn. A full batch says more is
    /// waiting, so the next one is read and written while it is still being written (up to
    /// <see cref="WritesInFlight"/>). Otherwise the next read goes behind a finished batch's
    /// acknowledgement, so what was committed while that batch was written is taken at once, not
    /// after a wake. The pass ends when a read comes back empty with nothing left in hand.
    /// Returns how many entries it handled.
    /// </summary>
    public async Task<int> DrainEventAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var id = eventId.ToString("D");
        var handled = 0;

        var now = time.GetUtcNow();
        var claimIdle = TimeSpan.FromSeconds(_options.ClaimIdleSeconds);
        if (now - _lastClaim.GetValueOrDefault(eventId) >= claimIdle / 2)
        {
            _lastClaim[eventId] = now;
            var stale = await outbox.ClaimStaleBatchAsync(id, _options.ConsumerGroup, Consumer, claimIdle, _options.BatchSize, cancellationToken)
                .ConfigureAwait(false);
            if (stale.AllEntryIds.Count > 0)
            {
                logger.LogWarning("Claimed {Count} outbox entries of event {EventId} left pending by a stalled consumer", stale.AllEntryIds.Count, id);
                handled += await WriteAndAcknowledgeAsync(eventId, stale, cancellationToken).ConfigureAwait(false);
            }
        }

        var writes = new List<Task<OutboxBatch>>(WritesInFlight);
        var acknowledgements = new List<Task>();
        try
        {
            var batch = await ReadNewAsync(id, cancellationToken).ConfigureAwait(false);
            for (var started = 0; ;)
            {
                if (batch.AllEntryIds.Count > 0)
                {
                    writes.Add(WriteAsync(eventId, batch, cancellationToken));
                    started++;
                }
                else if (writes.Count == 0)
                {
                    break;
                }

                if (started == BatchesPerPass)
                {
                    break;
                }

                var moreWaiting = batch.AllEntryIds.Count >= _options.BatchSize;
                if (!moreWaiting || writes.Count == WritesInFlight)
                {
                    var finished = await Task.WhenAny(writes).ConfigureAwait(false);
                    writes.Remove(finished);
                    Acknowledge(await finished.ConfigureAwait(false));
                }

                // Issued right behind the acknowledgement, so both travel in one round trip.
                batch = await ReadNewAsync(id, cancellationToken).ConfigureAwait(false);
            }

            foreach (var write in writes)
            {
                Acknowledge(await write.ConfigureAwait(false));
            }

            writes.Clear();
            await Task.WhenAll(acknowledgements).ConfigureAwait(false);
        }
        catch
        {
            // A failed batch's entries stay pending on this consumer and are claimed back later.
            // What is still in flight finishes or fails on its own.
            foreach (var pending in writes.Concat<Task>(acknowledgements))
            {
                _ = pending.ContinueWith(task => task.Exception, TaskScheduler.Default);
            }

            throw;
        }

        return handled;

        void Acknowledge(OutboxBatch written)
        {
            acknowledgements.Add(AcknowledgeAsync(eventId, written));
            handled += written.AllEntryIds.Count;
        }
    }

    private Task<OutboxBatch> ReadNewAsync(string eventId, CancellationToken cancellationToken) =>
        outbox.ReadNewBatchAsync(eventId, _options.ConsumerGroup, Consumer, _options.BatchSize, cancellationToken);

    /// <summary>True when a drain returned a full batch: call again without waiting.</summary>
    public bool IsFullBatch(int handled) => handled >= _options.BatchSize;

    private async Task<int> WriteAndAcknowledgeAsync(Guid eventId, OutboxBatch batch, CancellationToken cancellationToken)
    {
        await WriteAsync(eventId, batch, cancellationToken).ConfigureAwait(false);
        await AcknowledgeAsync(eventId, batch).ConfigureAwait(false);
        return batch.AllEntryIds.Count;
    }

    /// <summary>Writes the batch in one PostgreSQL transaction and hands it back once committed.</summary>
    private async Task<OutboxBatch> WriteAsync(Guid eventId, OutboxBatch batch, CancellationToken cancellationToken)
    {
        using var span = PersistTracing.StartBatch(eventId, batch);
        await batchWriter.WriteAsync(eventId, batch, cancellationToken).ConfigureAwait(false);
        return batch;
    }

    // Strictly after the batch's commit. A crash between the two redelivers the batch, and the
    // writer skips the orders it finds already written. Not cancellable: the rows are in.
    private Task AcknowledgeAsync(Guid eventId, OutboxBatch batch) =>
        outbox.AcknowledgeAsync(eventId.ToString("D"), _options.ConsumerGroup, batch.AllEntryIds, CancellationToken.None);
}
