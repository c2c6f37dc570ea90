using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Execution;

/// <summary>
/// Runs the engine's scripts: a library's function by name (FCALL), a plain script by SHA
/// (EVALSHA). When Redis does not know the function (a restart without persistence, FUNCTION
/// FLUSH, a replica promoted before the library reached it) the library is loaded (FUNCTION LOAD)
/// and the call sent once more; when it answers NOSCRIPT (a restart, a failover or SCRIPT FLUSH
/// emptied its script cache) the script is sent once with its text (EVAL), which caches it again.
/// Script errors become <see cref="InventoryEngineException"/>; a call that meets a connection
/// closing under it becomes the <see cref="RedisConnectionException"/> it is.
/// </summary>
/// <param name="redis">The shared connection.</param>
/// <param name="clockOffset">Added to Redis TIME inside the scripts; zero except in tests that move time.</param>
internal sealed class ScriptRunner(IConnectionMultiplexer redis, Func<TimeSpan> clockOffset)
{
    private readonly KeyCache _keys = new();

    public Task<RedisResult> RunAsync(EngineScript script, string eventId, params RedisValue[] arguments)
    {
        var keys = _keys.For(eventId);
        return EvaluateAsync(script, keys.Keys, [ClockOffset(), keys.Channel, .. arguments]);
    }

    /// <summary>Runs a script over its own <paramref name="keys"/>: ARGV[1] is the clock offset, then <paramref name="arguments"/>.</summary>
    public Task<RedisResult> RunAsync(EngineScript script, RedisKey[] keys, params RedisValue[] arguments) =>
        EvaluateAsync(script, keys, [ClockOffset(), .. arguments]);

    private RedisValue ClockOffset() => ((long)clockOffset().TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private async Task<RedisResult> EvaluateAsync(EngineScript script, RedisKey[] keys, RedisValue[] values)
    {
        var database = redis.GetDatabase();
        try
        {
            return script.Library is { } library
                ? await CallFunctionAsync(database, library, script, keys, values).ConfigureAwait(false)
                : await EvaluateScriptAsync(database, script, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException exception)
        {
            throw new InventoryEngineException($"inventory script '{script.Name}' failed in Redis", exception);
        }
        catch (InvalidOperationException exception) when (exception.Source == ClosedPipeSource)
        {
            // A call written just as Redis dropped the connection (killed, restarted) meets the
            // connection's closed pipe, and the client passes that on as it is. Redis never saw the
            // call: it is a connection failure like any other, which callers answer with a 503.
            throw new RedisConnectionException(ConnectionFailureType.SocketFailure, $"inventory script '{script.Name}' met a connection that had just closed", exception);
        }
    }

    private static async Task<RedisResult> CallFunctionAsync(IDatabase database, ScriptLibrary library, EngineScript script, RedisKey[] keys, RedisValue[] values)
    {
        // FCALL <function> <key count> <keys...> <arguments...>. The client has no typed FCALL;
        // keys passed as RedisKey still choose the server by their hash slot.
        var arguments = new object[2 + keys.Length + values.Length];
        arguments[0] = script.FunctionName;
        arguments[1] = keys.Length;
        keys.CopyTo(arguments, 2);
        values.CopyTo(arguments, 2 + keys.Length);
        try
        {
            return await database.ExecuteAsync("FCALL", arguments).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith(FunctionNotFound, StringComparison.Ordinal))
        {
            return await LoadAndCallAsync(database, library, arguments).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Loads this build's library and calls the function in one MULTI/EXEC, so that nothing (a
    /// second FUNCTION FLUSH) can come between them, just as EVAL carries its script with the call.
    /// Never loaded with REPLACE: the name carries the content hash, so a library of that name
    /// already there (another caller or process was first) is this very code, and its "already
    /// exists" is the one answer of the load to ignore. Libraries of other builds are left alone:
    /// a rolling deploy runs both at once.
    /// </summary>
    private static async Task<RedisResult> LoadAndCallAsync(IDatabase database, ScriptLibrary library, object[] arguments)
    {
        var transaction = database.CreateTransaction();
        var load = transaction.ExecuteAsync("FUNCTION", "LOAD", library.Text);
        var call = transaction.ExecuteAsync("FCALL", arguments);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        try
        {
            await load.ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Message.Contains("already exists", StringComparison.Ordinal))
        {
        }

        return await call.ConfigureAwait(false);
    }

    private static async Task<RedisResult> EvaluateScriptAsync(IDatabase database, EngineScript script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(script.Sha1, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // NoScriptCache forces EVAL with the text: the client's own script cache may
            // still believe the script is loaded and would answer NOSCRIPT again.
            return await database.ScriptEvaluateAsync(script.Text, keys, values, CommandFlags.NoScriptCache).ConfigureAwait(false);
        }
    }

    /// <summary>What Redis answers an FCALL of a function it does not have.</summary>
    private const string FunctionNotFound = "ERR Function not found";

    /// <summary>Where the "writing is not allowed after writer was completed" of a closed connection comes from.</summary>
    private const string ClosedPipeSource = "System.IO.Pipelines";

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
