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
    /// One pass over one event's stream: first takes over entries stale on a dead consumer (at
    /// most every half claim-idle period), then writes new entries batch after batch, up to
    /// <see cref="BatchesPerPass"/> so other events get their turn. While one batch is written to
    /// PostgreSQL the next is already being read from Redis, and each acknowledgement travels with
    /// the read that follows it. Returns how many entries it handled.
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

        var batch = await ReadNewAsync(id, cancellationToken).ConfigureAwait(false);
        for (var round = 1; batch.AllEntryIds.Count > 0; round++)
        {
            var readOn = round < BatchesPerPass;

            // A full batch says more is waiting: read the next one while this one is written.
            var next = readOn && batch.AllEntryIds.Count >= _options.BatchSize ? ReadNewAsync(id, cancellationToken) : null;
            Task acknowledged;
            try
            {
                await WriteAsync(eventId, batch, cancellationToken).ConfigureAwait(false);

                // Otherwise read on behind the acknowledgement, in the same round trip: what was
                // committed while this batch was written is taken now, not after a wake and two
                // more round trips. Under a steady sale the pass keeps going at the rate of
                // PostgreSQL's commits; a read that comes back empty ends it.
                acknowledged = AcknowledgeAsync(eventId, batch);
                next ??= readOn ? ReadNewAsync(id, cancellationToken) : null;
                await acknowledged.ConfigureAwait(false);
            }
            catch
            {
                // Its entries stay pending on this consumer and are claimed back later.
                _ = next?.ContinueWith(read => read.Exception, TaskScheduler.Default);
                throw;
            }

            handled += batch.AllEntryIds.Count;
            if (next is null)
            {
                break;
            }

            batch = await next.ConfigureAwait(false);
        }

        return handled;
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

    private async Task WriteAsync(Guid eventId, OutboxBatch batch, CancellationToken cancellationToken)
    {
        using var span = PersistTracing.StartBatch(eventId, batch);
        await batchWriter.WriteAsync(eventId, batch.Entries, batch.Malformed, cancellationToken).ConfigureAwait(false);
    }

    // Strictly after the batch's commit. A crash between the two redelivers the batch, and the
    // writer skips the orders it finds already written. Not cancellable: the rows are in.
    private Task AcknowledgeAsync(Guid eventId, OutboxBatch batch) =>
        outbox.AcknowledgeAsync(eventId.ToString("D"), _options.ConsumerGroup, batch.AllEntryIds, CancellationToken.None);
}
