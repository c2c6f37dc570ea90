using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Execution;

/// <summary>
/// Runs engine scripts by SHA (EVALSHA). When Redis answers NOSCRIPT (a restart, a failover or
/// SCRIPT FLUSH emptied its script cache) the script is sent once with its text (EVAL), which
/// caches it again, and the next call goes back to EVALSHA. Script errors become
/// <see cref="InventoryEngineException"/>.
/// </summary>
/// <param name="redis">The shared connection.</param>
/// <param name="clockOffset">Added to Redis TIME inside the scripts; zero except in tests that move time.</param>
internal sealed class ScriptRunner(IConnectionMultiplexer redis, Func<TimeSpan> clockOffset)
{
    private readonly KeyCache _keys = new();

    public async Task<RedisResult> RunAsync(EngineScript script, string eventId, params RedisValue[] arguments)
    {
        var keys = _keys.For(eventId);
        var values = new RedisValue[arguments.Length + 2];
        values[0] = ((long)clockOffset().TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        values[1] = keys.Channel;
        arguments.CopyTo(values, 2);

        var database = redis.GetDatabase();
        try
        {
            try
            {
                return await database.ScriptEvaluateAsync(script.Sha1, keys.Keys, values).ConfigureAwait(false);
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                // NoScriptCache forces EVAL with the text: the client's own script cache may
                // still believe the script is loaded and would answer NOSCRIPT again.
                return await database.ScriptEvaluateAsync(script.Text, keys.Keys, values, CommandFlags.NoScriptCache).ConfigureAwait(false);
            }
        }
        catch (RedisServerException exception)
        {
            throw new InventoryEngineException($"inventory script '{script.Name}' failed in Redis", exception);
        }
    }

    /// <summary>The keys and the channel of an event, built once per event.</summary>
    private sealed class KeyCache
    {
        private const int MaxEvents = 10_000;
        private readonly ConcurrentDictionary<string, EventScriptKeys> _byEvent = new(StringComparer.Ordinal);

        public EventScriptKeys For(string eventId)
        {
            if (_byEvent.TryGetValue(eventId, out var cached))
            {
                return cached;
            }

            // Bounded: keys are cheap to rebuild, so an ever-growing set of events just starts over.
            if (_byEvent.Count >= MaxEvents)
            {
                _byEvent.Clear();
            }

            return _byEvent.GetOrAdd(eventId, id => new EventScriptKeys(EventKeys.ScriptKeys(id), EventKeys.Changes(id)));
        }
    }

    private sealed record EventScriptKeys(RedisKey[] Keys, RedisValue Channel);
}
