using Ticketing.Scripts.Orders;

namespace Ticketing.Scripts.Outbox;

/// <summary>
/// Reads the per-event outbox streams with a Redis consumer group. An entry stays pending until
/// acknowledged, so an order is never dropped by a consumer that dies mid-batch.
/// </summary>
public interface IOrderOutbox
{
    /// <summary>
    /// New entries for this consumer (XREADGROUP ... &gt;), oldest first, with the entries that
    /// are not orders (missing or undecodable fields) apart, so that the writer reports and
    /// acknowledges them instead of leaving them pending for ever. The group is created at the
    /// start of the stream on first use, so a stream written before any writer ran is read from
    /// its first entry. Empty when the stream does not exist.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    Task<OutboxBatch> ReadNewBatchAsync(string eventId, string group, string consumer, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes over entries pending longer than <paramref name="minIdle"/> on any consumer
    /// (XAUTOCLAIM): that consumer died or stalled mid-batch. Entries deleted from the stream while
    /// pending can never be written and are acknowledged on the way.
    /// </summary>
    Task<OutboxBatch> ClaimStaleBatchAsync(string eventId, string group, string consumer, TimeSpan minIdle, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Acknowledges entries written to PostgreSQL and deletes them, in one transaction: the stream
    /// then holds exactly what some consumer still has to write, so its length is the backlog.
    /// </summary>
    Task AcknowledgeAsync(string eventId, string group, IReadOnlyList<string> entryIds, CancellationToken cancellationToken = default);

    /// <summary>Entries of the group not yet acknowledged, and the stream's length.</summary>
    Task<OutboxLag> GetLagAsync(string eventId, string group, CancellationToken cancellationToken = default);

    /// <summary>True when an entry for this order is still pending or unread in the group (drift repair must not race it).</summary>
    Task<bool> HasUnacknowledgedOrderAsync(string eventId, string group, string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The subset of <paramref name="orderIds"/> with an entry still pending or unread (the order,
    /// or an entry of another kind naming it, such as its cancellation): one stream scan for many orders.
    /// </summary>
    Task<IReadOnlySet<string>> FindUnacknowledgedOrdersAsync(string eventId, string group, IReadOnlyCollection<string> orderIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The subset of <paramref name="orderIds"/> named by an entry of <paramref name="kind"/> still
    /// pending or unread, leaving out the entries <paramref name="exceptEntryIds"/> (those of the
    /// batch being written).
    /// </summary>
    Task<IReadOnlySet<string>> FindOrdersWithPendingEntriesAsync(
        string eventId, string kind, IReadOnlyCollection<string> orderIds, IReadOnlyCollection<string> exceptEntryIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onCommit"/> with the event id of every commit from now on, as the
    /// commit script announces it (pub/sub on <see cref="Keys.ScriptConstants.OutboxWake"/>). Fire and forget: a
    /// commit announced while the connection reconnects is not repeated, so a wake may only make a
    /// reader faster, never be what it relies on.
    /// </summary>
    Task SubscribeToCommitsAsync(Action<string> onCommit, CancellationToken cancellationToken = default);
}

/// <summary>
/// Entries read in one call: the orders, the entries of other kinds (<see cref="OutboxKinds"/>),
/// and the orders that could not be decoded.
/// </summary>
/// <param name="Entries">Orders, oldest first.</param>
/// <param name="Malformed">Order entries that are not orders, with why.</param>
/// <param name="Records">Entries of other kinds, oldest first, for the writer of each kind.</param>
public sealed record OutboxBatch(IReadOnlyList<OutboxEntry> Entries, IReadOnlyList<MalformedOutboxEntry> Malformed, IReadOnlyList<OutboxRecord> Records)
{
    /// <summary>A batch of orders only.</summary>
    public OutboxBatch(IReadOnlyList<OutboxEntry> entries, IReadOnlyList<MalformedOutboxEntry> malformed)
        : this(entries, malformed, [])
    {
    }

    /// <summary>No entries.</summary>
    public static readonly OutboxBatch Empty = new([], [], []);

    /// <summary>Ids of every entry of the batch, well-formed or not: what to acknowledge once handled.</summary>
    public IReadOnlyList<string> AllEntryIds =>
        [.. Entries.Select(e => e.EntryId), .. Malformed.Select(e => e.EntryId), .. Records.Select(e => e.EntryId)];
}

/// <summary>A stream entry that is not an order written by the commit script.</summary>
/// <param name="EntryId">The stream entry id.</param>
/// <param name="Problem">What is wrong with it.</param>
/// <param name="RawOrder">The raw <c>order</c> field, for the alarm record.</param>
public sealed record MalformedOutboxEntry(string EntryId, string Problem, string RawOrder);

/// <summary>One stream entry and the order it carries.</summary>
public sealed record OutboxEntry(string EntryId, OrderRecord Order, string? TraceParent = null);

/// <summary>How far the group is behind the stream.</summary>
/// <param name="Pending">Delivered but not acknowledged.</param>
/// <param name="Unread">Not yet delivered to any consumer (entries after the group's last id).</param>
/// <param name="StreamLength">Entries in the stream.</param>
/// <param name="OldestUnacknowledgedAt">Confirmation time of the oldest unacknowledged order, if any.</param>
public sealed record OutboxLag(long Pending, long Unread, long StreamLength, DateTimeOffset? OldestUnacknowledgedAt);
