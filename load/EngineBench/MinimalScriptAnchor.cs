using System.Globalization;
using StackExchange.Redis;

namespace Ticketing.EngineBench;

/// <summary>
/// The minimal-script anchor: the least a 4-seat check-and-hold can cost one Redis core. One
/// HMGET of the seats (refused unless all are 'a'), one HSET of their states, one HSET of a hold
/// record, one ZADD of its expiry and one HINCRBY of a counter, over random seats of a
/// 200,000-seat hash. hold_seats does all of this and keeps every promise besides (limits,
/// idempotency, admission, feeds, counters), so its rate is read as a share of this one's,
/// both driven by redis-benchmark on the same server in the same run.
/// </summary>
internal static class MinimalScriptAnchor
{
    public const int Rows = 50_000;

    private const string Text = """
        local seats = { ARGV[3], ARGV[4], ARGV[5], ARGV[6] }
        local states = redis.call('HMGET', KEYS[1], unpack(seats))
        for i = 1, 4 do
            if states[i] ~= 'a' then
                return { 'unavailable' }
            end
        end
        local state = 'h|' .. ARGV[1]
        redis.call('HSET', KEYS[1], seats[1], state, seats[2], state, seats[3], state, seats[4], state)
        redis.call('HSET', KEYS[2], ARGV[1], '{"id":"' .. ARGV[1] .. '","user":"' .. ARGV[2] .. '","status":"held"}')
        redis.call('ZADD', KEYS[3], 1, ARGV[1])
        redis.call('HINCRBY', KEYS[4], 'held', 4)
        return { 'held' }
        """;

    private const string Fill = """
        local fields = {}
        for row = 0, tonumber(ARGV[1]) - 1 do
            for number = 1, 4 do
                fields[#fields + 1] = string.format('B-%012d-%d', row, number)
                fields[#fields + 1] = 'a'
            end
            if #fields >= 2000 then
                redis.call('HSET', KEYS[1], unpack(fields))
                fields = {}
            end
        end
        if #fields > 0 then
            redis.call('HSET', KEYS[1], unpack(fields))
        end
        return 1
        """;

    /// <summary>Runs the minimal script on a fresh 200,000-seat hash; its keys are deleted afterwards.</summary>
    public static async Task<RedisBenchmarkRun.Measured> RunAsync(IConnectionMultiplexer redis, string endpoint, int requests, int callers)
    {
        var database = redis.GetDatabase();
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var tag = $"{{anchor:{Guid.NewGuid():N}}}";
        RedisKey[] keys = [$"{tag}:seats", $"{tag}:holds", $"{tag}:expiry", $"{tag}:meta"];
        await database.ScriptEvaluateAsync(Fill, keys, [Rows]);
        var sha = Convert.ToHexStringLower(await server.ScriptLoadAsync(Text));
        try
        {
            return await RedisBenchmarkRun.MeasureAsync(redis, endpoint, requests, callers, Rows,
            [
                "EVALSHA", sha, keys.Length.ToString(CultureInfo.InvariantCulture), .. keys.Select(key => key.ToString()),
                $"rsv_{tag}___rand_int_____rand_int__", "u__rand_int__",
                .. Enumerable.Range(1, BenchOptions.SeatsPerHold).Select(number => $"B-__rand_int__-{number}"),
            ]);
        }
        finally
        {
            await database.KeyDeleteAsync(keys);
        }
    }
}
