using Ticketing.Scripts.Orders;

namespace Ticketing.Scripts.Outbox;

/// <summary>
/// Reads the per-event outbox streams with a Redis consumer group (XREADGROUP, XACK, XAUTOCLAIM,
/// run through Lua because the Redis client has no typed stream API). An entry stays pending
/// until acknowledged, so an order is never dropped by a consumer that dies mid-batch.
/// </summary>
public interface IOrderOutbox
{
    /// <summary>Creates the consumer group on the event's stream if it does not exist yet.</summary>
    Task EnsureGroupAsync(string eventId, string group, CancellationToken cancellationToken = default);

    /// <summary>New entries for this consumer (XREADGROUP ... &gt;), oldest first.</summary>
    Task<IReadOnlyList<OutboxEntry>> ReadNewAsync(string eventId, string group, string consumer, int count, CancellationToken cancellationToken = default);

    /// <summary>Takes over entries pending longer than <paramref name="minIdle"/> on any consumer (XAUTOCLAIM).</summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimStaleAsync(string eventId, string group, string consumer, TimeSpan minIdle, int count, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges entries written to PostgreSQL.</summary>
    Task AcknowledgeAsync(string eventId, string group, IReadOnlyList<string> entryIds, CancellationToken cancellationToken = default);

    /// <summary>Entries of the group not yet acknowledged, and the stream's length.</summary>
    Task<OutboxLag> GetLagAsync(string eventId, string group, CancellationToken cancellationToken = default);

    /// <summary>True when an entry for this order is still pending or unread in the group (drift repair must not race it).</summary>
    Task<bool> HasUnacknowledgedOrderAsync(string eventId, string group, string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="ReadNewAsync"/>, and also the entries that are not orders (missing or
    /// undecodable fields), which <see cref="ReadNewAsync"/> leaves out. A writer reads with this
    /// so that a malformed entry is reported and acknowledged instead of pending for ever.
    /// </summary>
    Task<OutboxBatch> ReadNewBatchAsync(string eventId, string group, string consumer, int count, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ClaimStaleAsync"/>, and also the malformed entries it claimed.</summary>
    Task<OutboxBatch> ClaimStaleBatchAsync(string eventId, string group, string consumer, TimeSpan minIdle, int count, CancellationToken cancellationToken = default);

    /// <summary>The subset of <paramref name="orderIds"/> whose entries are still pending or unread: one stream scan for many orders.</summary>
    Task<IReadOnlySet<string>> FindUnacknowledgedOrdersAsync(string eventId, string group, IReadOnlyCollection<string> orderIds, CancellationToken cancellationToken = default);
}

/// <summary>Entries read in one call: the orders, and the entries that could not be decoded as orders.</summary>
/// <param name="Entries">Orders, oldest first.</param>
/// <param name="Malformed">Entries that are not orders, with why.</param>
public sealed record OutboxBatch(IReadOnlyList<OutboxEntry> Entries, IReadOnlyList<MalformedOutboxEntry> Malformed)
{
    /// <summary>Ids of every entry of the batch, well-formed or not: what to acknowledge once handled.</summary>
    public IReadOnlyList<string> AllEntryIds => [.. Entries.Select(e => e.EntryId), .. Malformed.Select(e => e.EntryId)];
}

/// <summary>A stream entry that is not an order written by the commit script.</summary>
/// <param name="EntryId">The stream entry id.</param>
/// <param name="Problem">What is wrong with it.</param>
/// <param name="RawOrder">The raw <c>order</c> field, for the alarm record.</param>
public sealed record MalformedOutboxEntry(string EntryId, string Problem, string RawOrder);

/// <summary>One stream entry and the order it carries.</summary>
public sealed record OutboxEntry(string EntryId, OrderRecord Order);

/// <summary>How far the group is behind the stream.</summary>
/// <param name="Pending">Delivered but not acknowledged.</param>
/// <param name="Unread">Not yet delivered to any consumer (entries after the group's last id).</param>
/// <param name="StreamLength">Entries in the stream.</param>
/// <param name="OldestUnacknowledgedAt">Confirmation time of the oldest unacknowledged order, if any.</param>
public sealed record OutboxLag(long Pending, long Unread, long StreamLength, DateTimeOffset? OldestUnacknowledgedAt);
