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
    ILogger<OutboxWriter> logger)
{
    private readonly OutboxWriterOptions _options = options.Value.Outbox;
    private readonly ConcurrentDictionary<Guid, DateTime> _lastClaim = new();

    /// <summary>This process's consumer name in the group: unique per process, so a restarted process never inherits a dead one's pending entries except by claiming them.</summary>
    public string Consumer { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// One pass over one event's stream: first takes over entries stale on a dead consumer (at
    /// most every half claim-idle period), then reads one batch of new entries. Returns how many
    /// entries it handled; a full batch means there is more to read.
    /// </summary>
    public async Task<int> DrainEventAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var id = eventId.ToString("D");
        var handled = 0;

        var now = DateTime.UtcNow;
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

        var batch = await outbox.ReadNewBatchAsync(id, _options.ConsumerGroup, Consumer, _options.BatchSize, cancellationToken).ConfigureAwait(false);
        handled += await WriteAndAcknowledgeAsync(eventId, batch, cancellationToken).ConfigureAwait(false);
        return handled;
    }

    /// <summary>True when a drain returned a full batch: call again without waiting.</summary>
    public bool IsFullBatch(int handled) => handled >= _options.BatchSize;

    private async Task<int> WriteAndAcknowledgeAsync(Guid eventId, OutboxBatch batch, CancellationToken cancellationToken)
    {
        var entryIds = batch.AllEntryIds;
        if (entryIds.Count == 0)
        {
            return 0;
        }

        await batchWriter.WriteAsync(eventId, batch.Entries, batch.Malformed, cancellationToken).ConfigureAwait(false);

        // Acknowledge strictly after the commit. A crash between the two redelivers the batch,
        // and the writer skips the orders it finds already written.
        await outbox.AcknowledgeAsync(eventId.ToString("D"), _options.ConsumerGroup, entryIds, CancellationToken.None).ConfigureAwait(false);
        return entryIds.Count;
    }
}
