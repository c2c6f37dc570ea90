using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Orders;

namespace Ticketing.Scripts.Outbox;

/// <summary>
/// The outbox streams read through the <c>outbox_*.lua</c> scripts. Each script touches one
/// event's stream, passed in KEYS, so it runs unchanged on Redis Cluster. Scripts are evaluated
/// by text; a NOSCRIPT answer after a <c>SCRIPT FLUSH</c> or a Redis restart is retried once with
/// the text forced (proved by OutboxScriptCacheTests).
/// </summary>
public sealed class RedisOrderOutbox(IConnectionMultiplexer redis) : IOrderOutbox
{
    private static readonly string ReadScript = LuaResources.Load("outbox_read");
    private static readonly string ClaimScript = LuaResources.Load("outbox_claim");
    private static readonly string AckScript = LuaResources.Load("outbox_ack");
    private static readonly string LagScript = LuaResources.Load("outbox_lag");
    private static readonly string FindScript = LuaResources.Load("outbox_find_orders");

    /// <inheritdoc />
    public Task EnsureGroupAsync(string eventId, string group, CancellationToken cancellationToken = default) =>
        // Reading zero entries creates the group when it is missing (see outbox_read.lua).
        ReadNewBatchAsync(eventId, group, "group-setup", 0, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ReadNewAsync(string eventId, string group, string consumer, int count, CancellationToken cancellationToken = default) =>
        (await ReadNewBatchAsync(eventId, group, consumer, count, cancellationToken).ConfigureAwait(false)).Entries;

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> ClaimStaleAsync(string eventId, string group, string consumer, TimeSpan minIdle, int count, CancellationToken cancellationToken = default) =>
        (await ClaimStaleBatchAsync(eventId, group, consumer, minIdle, count, cancellationToken).ConfigureAwait(false)).Entries;

    /// <inheritdoc />
    public async Task<OutboxBatch> ReadNewBatchAsync(string eventId, string group, string consumer, int count, CancellationToken cancellationToken = default)
    {
        // XREADGROUP COUNT 0 would mean "no limit"; a zero-count read only ensures the group.
        var reply = await EvaluateAsync(ReadScript, eventId, [group, consumer, Math.Max(count, 1)]).ConfigureAwait(false);
        return count == 0 ? new OutboxBatch([], []) : ParseEntries(reply);
    }

    /// <inheritdoc />
    public async Task<OutboxBatch> ClaimStaleBatchAsync(string eventId, string group, string consumer, TimeSpan minIdle, int count, CancellationToken cancellationToken = default)
    {
        var reply = await EvaluateAsync(ClaimScript, eventId,
            [group, consumer, (long)minIdle.TotalMilliseconds, count]).ConfigureAwait(false);
        return ParseEntries(reply);
    }

    /// <inheritdoc />
    public async Task AcknowledgeAsync(string eventId, string group, IReadOnlyList<string> entryIds, CancellationToken cancellationToken = default)
    {
        // Lua unpacks the ids onto its stack, which holds a few thousand values: send bounded chunks.
        foreach (var chunk in entryIds.Chunk(1_000))
        {
            await EvaluateAsync(AckScript, eventId, [group, .. chunk.Select(id => (RedisValue)id)]).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<OutboxLag> GetLagAsync(string eventId, string group, CancellationToken cancellationToken = default)
    {
        var reply = (RedisResult[])(await EvaluateAsync(LagScript, eventId, [group]).ConfigureAwait(false))!;
        var pending = (long)reply[0];
        var length = (long)reply[1];
        var oldest = (string?)reply[2];
        DateTimeOffset? oldestAt = long.TryParse(oldest, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
        return new OutboxLag(pending, Math.Max(0, length - pending), length, oldestAt);
    }

    /// <inheritdoc />
    public async Task<bool> HasUnacknowledgedOrderAsync(string eventId, string group, string orderId, CancellationToken cancellationToken = default) =>
        (await FindUnacknowledgedOrdersAsync(eventId, group, [orderId], cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> FindUnacknowledgedOrdersAsync(string eventId, string group, IReadOnlyCollection<string> orderIds, CancellationToken cancellationToken = default)
    {
        if (orderIds.Count == 0)
        {
            return new HashSet<string>();
        }

        var reply = (RedisResult[])(await EvaluateAsync(FindScript, eventId, [.. orderIds.Select(id => (RedisValue)id)]).ConfigureAwait(false))!;
        return reply.Select(id => (string)id!).ToHashSet(StringComparer.Ordinal);
    }

    private async Task<RedisResult> EvaluateAsync(string script, string eventId, RedisValue[] arguments)
    {
        var database = redis.GetDatabase();
        RedisKey[] keys = [EventKeys.Outbox(eventId)];
        try
        {
            return await database.ScriptEvaluateAsync(script, keys, arguments).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // The client remembers having sent the script and keeps using EVALSHA after the server
            // forgot it (SCRIPT FLUSH, restart, failover); forcing the text reloads it.
            return await database.ScriptEvaluateAsync(script, keys, arguments, CommandFlags.NoScriptCache).ConfigureAwait(false);
        }
    }

    /// <summary>Decodes stream entries as XREADGROUP and XAUTOCLAIM return them: {id, {field, value, ...}}.</summary>
    private static OutboxBatch ParseEntries(RedisResult reply)
    {
        var raw = (RedisResult[])reply!;
        var entries = new List<OutboxEntry>(raw.Length);
        var malformed = new List<MalformedOutboxEntry>();
        foreach (var entry in raw.Select(item => (RedisResult[])item!))
        {
            var entryId = (string)entry[0]!;
            var fields = (RedisResult[])entry[1]!;
            var orderJson = FieldOrEmpty(fields, OrderCodec.OrderField);
            try
            {
                entries.Add(new OutboxEntry(entryId, OrderCodec.Decode(orderJson, FieldOrEmpty(fields, OrderCodec.ConfirmedAtField))));
            }
            catch (FormatException exception)
            {
                malformed.Add(new MalformedOutboxEntry(entryId, exception.Message, orderJson));
            }
        }

        return new OutboxBatch(entries, malformed);
    }

    // A missing field reads as "": the entry is then reported as malformed rather than skipped.
    private static string FieldOrEmpty(RedisResult[] fields, string name)
    {
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if ((string?)fields[i] == name)
            {
                return (string?)fields[i + 1] ?? "";
            }
        }

        return "";
    }
}
