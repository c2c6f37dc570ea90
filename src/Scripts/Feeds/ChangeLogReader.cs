using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Feeds;

/// <summary>
/// The event's change log (<see cref="EventKeys.ChangeLog"/>) and change channel, read with typed
/// commands: one key per read, so no script is needed.
/// </summary>
internal sealed class ChangeLogReader(IConnectionMultiplexer redis)
{
    public async Task<long?> VersionAsync(string eventId)
    {
        var version = await redis.GetDatabase().HashGetAsync(EventKeys.Meta(eventId), "version").ConfigureAwait(false);
        return version.IsNull ? null : (long)version;
    }

    public async Task<ChangeLogRead> ReadAfterAsync(string eventId, long afterVersion, int maxMessages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterVersion);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        // The version first, the log second: every version up to the one read is in the log by
        // then (the same script run wrote both), so a complete log reaches it.
        var version = await VersionAsync(eventId).ConfigureAwait(false);
        if (version is not { } current)
        {
            return new ChangeLogRead.NoEvent();
        }

        if (afterVersion == current)
        {
            return new ChangeLogRead.Messages(current, []);
        }

        if (afterVersion > current || current - afterVersion > maxMessages)
        {
            return new ChangeLogRead.TooOld(current);
        }

        var entries = await redis.GetDatabase().StreamRangeAsync(
            EventKeys.ChangeLog(eventId), minId: EntryId(afterVersion + 1), maxId: EntryId(current)).ConfigureAwait(false);
        var messages = new List<SeatChangeMessage>(entries.Length);
        var expected = afterVersion + 1;
        foreach (var entry in entries)
        {
            var message = new SeatChangeMessage(VersionOf(entry.Id), (string)entry[ScriptConstants.ChangeField]!);
            if (message.Version != expected)
            {
                return new ChangeLogRead.TooOld(current);
            }

            messages.Add(message);
            expected++;
        }

        return expected == current + 1 ? new ChangeLogRead.Messages(current, messages) : new ChangeLogRead.TooOld(current);
    }

    public async Task<IAsyncDisposable> SubscribeAsync(string eventId, Func<SeatChangeMessage, Task> onMessage)
    {
        var channel = RedisChannel.Literal(EventKeys.Changes(eventId));
        var subscriber = redis.GetSubscriber();
        // A message queue hands messages over one at a time in the order Redis sent them, which a
        // plain handler does not promise.
        var queue = await subscriber.SubscribeAsync(channel).ConfigureAwait(false);
        queue.OnMessage(message => onMessage(Parse(message.Message!)));
        return new Subscription(queue);
    }

    private static string EntryId(long version) => version.ToString(CultureInfo.InvariantCulture) + "-0";

    private static long VersionOf(RedisValue entryId)
    {
        var id = (string)entryId!;
        return long.Parse(id.AsSpan(0, id.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
    }

    // The scripts write '{"version":N,' first: the version is read without parsing the whole message.
    private static SeatChangeMessage Parse(string json)
    {
        const string prefix = "{\"version\":";
        var end = json.IndexOf(',', StringComparison.Ordinal);
        if (!json.StartsWith(prefix, StringComparison.Ordinal) || end < 0
            || !long.TryParse(json.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InventoryEngineException($"a change message does not start with its version: {json[..Math.Min(json.Length, 40)]}");
        }

        return new SeatChangeMessage(version, json);
    }

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await queue.UnsubscribeAsync().ConfigureAwait(false);
    }
}
