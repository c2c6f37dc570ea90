using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Replication;

namespace Ticketing.Scripts.Outbox;

/// <summary>
/// The outbox streams through the client's typed stream commands (XREADGROUP, XAUTOCLAIM, XACK,
/// XPENDING, XRANGE): none of these needs more than one command to be atomic, so none needs Lua.
/// The one pair that must not be split, acknowledge-and-delete, runs as a MULTI/EXEC transaction.
/// Every command touches one event's stream, so all of this runs unchanged on Redis Cluster.
/// <para>
/// With <paramref name="replication"/> enabled (commits wait for replicas), entries read are handed
/// to the writer only once the replicas hold them too. Otherwise the writer could put into
/// PostgreSQL an order that dies with the primary a moment later, never confirmed to its buyer,
/// whose seats the promoted replica then sells again: two rows for one seat. Entries the replicas
/// did not acknowledge stay pending on this consumer and come back through
/// <see cref="ClaimStaleBatchAsync"/>, asked again then.
/// </para>
/// </summary>
public sealed class RedisOrderOutbox(IConnectionMultiplexer redis, CommitReplicationOptions? replication = null) : IOrderOutbox
{
    // Where a new group starts reading: the first entry, so orders appended before any writer ran are read.
    private const string StreamStart = "0-0";
    private const int ScanPage = 1_000;

    /// <inheritdoc />
    public async Task<OutboxBatch> ReadNewBatchAsync(string eventId, string group, string consumer, int count, CancellationToken cancellationToken = default)
    {
        // XREADGROUP COUNT 0 would mean "no limit".
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var stream = EventKeys.Outbox(eventId);
        var database = redis.GetDatabase();
        StreamEntry[] read;
        try
        {
            read = await database.StreamReadGroupAsync(stream, group, consumer, StreamPosition.NewMessages, count).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (IsNoGroup(exception))
        {
            // No group yet, or no stream at all: without a stream there is nothing to read.
            if (!await CreateGroupAsync(database, stream, group).ConfigureAwait(false))
            {
                return OutboxBatch.Empty;
            }

            read = await database.StreamReadGroupAsync(stream, group, consumer, StreamPosition.NewMessages, count).ConfigureAwait(false);
        }

        return await ReplicatedOrEmptyAsync(stream, read).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OutboxBatch> ClaimStaleBatchAsync(string eventId, string group, string consumer, TimeSpan minIdle, int count, CancellationToken cancellationToken = default)
    {
        var stream = EventKeys.Outbox(eventId);
        var database = redis.GetDatabase();
        StreamAutoClaimResult claimed;
        try
        {
            claimed = await database.StreamAutoClaimAsync(stream, group, consumer, (long)minIdle.TotalMilliseconds, StreamStart, count)
                .ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (IsNoGroup(exception))
        {
            return OutboxBatch.Empty;
        }

        if (claimed.DeletedIds.Length > 0)
        {
            await database.StreamAcknowledgeAsync(stream, group, claimed.DeletedIds).ConfigureAwait(false);
        }

        return await ReplicatedOrEmptyAsync(stream, claimed.ClaimedEntries).ConfigureAwait(false);
    }

    /// <summary>
    /// The entries, once the replicas hold them (when commits wait for replicas). The read itself
    /// was a write on this connection (it moved the group's pending list), after the entries were
    /// appended, so <c>WAIT</c> here covers them.
    /// </summary>
    private async Task<OutboxBatch> ReplicatedOrEmptyAsync(RedisKey stream, StreamEntry[] read)
    {
        if (read.Length == 0 || replication is not { Enabled: true }
            || await ReplicaAcknowledgement.ReplicasHoldAsync(redis, stream, replication).ConfigureAwait(false))
        {
            return Decode(read);
        }

        return OutboxBatch.Empty;
    }

    /// <inheritdoc />
    public async Task AcknowledgeAsync(string eventId, string group, IReadOnlyList<string> entryIds, CancellationToken cancellationToken = default)
    {
        if (entryIds.Count == 0)
        {
            return;
        }

        var stream = EventKeys.Outbox(eventId);
        RedisValue[] ids = [.. entryIds.Select(id => (RedisValue)id)];
        // Together or not at all: an entry acknowledged but left in the stream would count as
        // unread backlog for ever, and the drift check would leave its order to a writer that
        // never comes. Its buyer's index entry goes with it, so /me/orders never lists a written
        // order as unwritten after this.
        var transaction = redis.GetDatabase().CreateTransaction();
        var acknowledged = transaction.StreamAcknowledgeAsync(stream, group, ids);
        var deleted = transaction.StreamDeleteAsync(stream, ids);
        var unindexed = transaction.SortedSetRemoveAsync(EventKeys.UnwrittenOrders(eventId), ids);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        await Task.WhenAll(acknowledged, deleted, unindexed).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OutboxLag> GetLagAsync(string eventId, string group, CancellationToken cancellationToken = default)
    {
        // Three reads sent together, not one atomic view: a commit or an acknowledgement landing
        // between them moves the numbers by that batch, which a lag gauge tolerates.
        var stream = EventKeys.Outbox(eventId);
        var database = redis.GetDatabase();
        var length = database.StreamLengthAsync(stream);
        var pending = PendingCountAsync(database, stream, group);
        var first = database.StreamRangeAsync(stream, "-", "+", count: 1);
        await Task.WhenAll(length, pending, first).ConfigureAwait(false);

        // Acknowledged entries are deleted, so the first entry is the oldest order not yet in PostgreSQL.
        DateTimeOffset? oldestAt = first.Result is [var oldest]
            && long.TryParse((string?)oldest[OrderCodec.ConfirmedAtField], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : null;
        var pendingCount = Math.Min(pending.Result, length.Result);
        return new OutboxLag(pendingCount, length.Result - pendingCount, length.Result, oldestAt);
    }

    /// <inheritdoc />
    public async Task<bool> HasUnacknowledgedOrderAsync(string eventId, string group, string orderId, CancellationToken cancellationToken = default) =>
        (await FindUnacknowledgedOrdersAsync(eventId, group, [orderId], cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindUnacknowledgedOrdersAsync(string eventId, string group, IReadOnlyCollection<string> orderIds, CancellationToken cancellationToken = default) =>
        FindOrdersAsync(eventId, orderIds, _ => true);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindOrdersWithPendingEntriesAsync(
        string eventId, string kind, IReadOnlyCollection<string> orderIds, IReadOnlyCollection<string> exceptEntryIds, CancellationToken cancellationToken = default)
    {
        var except = exceptEntryIds.ToHashSet(StringComparer.Ordinal);
        return FindOrdersAsync(eventId, orderIds, entry => entry.Kind == kind && !except.Contains(entry.EntryId));
    }

    /// <summary>
    /// The subset of <paramref name="orderIds"/> named by an entry still in the stream that
    /// <paramref name="matches"/>. Acknowledged entries are deleted, so every entry still in the
    /// stream is pending or unread, and the stream holds only the backlog: scanning it in pages is cheap.
    /// </summary>
    private async Task<IReadOnlySet<string>> FindOrdersAsync(string eventId, IReadOnlyCollection<string> orderIds, Func<(string EntryId, string Kind), bool> matches)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (orderIds.Count == 0)
        {
            return found;
        }

        var wanted = orderIds.ToHashSet(StringComparer.Ordinal);
        var stream = EventKeys.Outbox(eventId);
        var database = redis.GetDatabase();
        RedisValue start = "-";
        while (true)
        {
            var page = await database.StreamRangeAsync(stream, start, "+", ScanPage).ConfigureAwait(false);
            var batch = Decode(page);
            // An entry of another kind naming the order (its cancellation) is about the order too.
            var named = batch.Entries.Select(entry => (entry.EntryId, Kind: OutboxKinds.Order, OrderId: (string?)entry.Order.OrderId))
                .Concat(batch.Records.Select(record => (record.EntryId, record.Kind, OrderId: record.Field(OutboxKinds.OrderIdField))));
            foreach (var (entryId, kind, orderId) in named)
            {
                if (orderId is not null && wanted.Contains(orderId) && matches((entryId, kind)))
                {
                    found.Add(orderId);
                }
            }

            if (page.Length < ScanPage)
            {
                return found;
            }

            start = "(" + page[^1].Id;
        }
    }

    /// <inheritdoc />
    public Task SubscribeToCommitsAsync(Action<string> onCommit, CancellationToken cancellationToken = default) =>
        redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(ScriptConstants.OutboxWake), (_, message) => onCommit(message.ToString()));

    private static async Task<long> PendingCountAsync(IDatabase database, RedisKey stream, string group)
    {
        try
        {
            return (await database.StreamPendingAsync(stream, group).ConfigureAwait(false)).PendingMessageCount;
        }
        catch (RedisServerException exception) when (IsNoGroup(exception))
        {
            return 0;
        }
    }

    /// <summary>Creates the group at the start of the stream; false when there is no stream to read.</summary>
    private static async Task<bool> CreateGroupAsync(IDatabase database, RedisKey stream, string group)
    {
        try
        {
            // Never creates the stream: a writer polling an event with no orders must not make keys.
            return await database.StreamCreateConsumerGroupAsync(stream, group, StreamStart, createStream: false).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            return true; // another writer created it first
        }
        catch (RedisServerException exception) when (exception.Message.Contains("requires the key to exist", StringComparison.Ordinal))
        {
            return false;
        }
    }

    private static bool IsNoGroup(RedisServerException exception) => exception.Message.StartsWith("NOGROUP", StringComparison.Ordinal);

    /// <summary>
    /// Decodes order entries with <see cref="OrderCodec"/> (an order entry that is not an order is
    /// reported as malformed, never skipped) and hands entries of other kinds on with their fields.
    /// </summary>
    private static OutboxBatch Decode(StreamEntry[] raw)
    {
        var entries = new List<OutboxEntry>(raw.Length);
        var malformed = new List<MalformedOutboxEntry>();
        var records = new List<OutboxRecord>();
        foreach (var entry in raw.Where(entry => !entry.IsNull))
        {
            var entryId = entry.Id.ToString();
            var kind = (string?)entry[OutboxKinds.KindField];
            if (kind is not null && kind != OutboxKinds.Order)
            {
                records.Add(new OutboxRecord(entryId, kind, entry.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString(), StringComparer.Ordinal)));
                continue;
            }

            var orderJson = (string?)entry[OrderCodec.OrderField] ?? "";
            try
            {
                var order = OrderCodec.Decode(orderJson, (string?)entry[OrderCodec.ConfirmedAtField] ?? "");
                var traceParent = (string?)entry[OrderCodec.TraceParentField];
                entries.Add(new OutboxEntry(entryId, order, string.IsNullOrEmpty(traceParent) ? null : traceParent));
            }
            catch (FormatException exception)
            {
                malformed.Add(new MalformedOutboxEntry(entryId, exception.Message, orderJson));
            }
        }

        return new OutboxBatch(entries, malformed, records);
    }
}
