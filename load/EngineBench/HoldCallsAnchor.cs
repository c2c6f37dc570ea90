using StackExchange.Redis;
using Ticketing.Scripts.Keys;

namespace Ticketing.EngineBench;

/// <summary>
/// The hold's own calls: every Redis call hold_seats makes for a 4-seat hold of one row, in its
/// order and on the same event's keys, with no more logic than the minimal script has (refused
/// unless all four seats are 'a'). No ticket limit, replay, sale or TTL checks, no cjson, no walk
/// of the seats' runs: what hold_seats would cost if its Lua were free. Its rate as a share of the
/// minimal script's is the most any trimming of the Lua could reach; beyond it only fewer calls,
/// that is fewer kept facts (the status bytes, the row counts, the change log, the replay index),
/// make a hold cheaper. Driven by redis-benchmark exactly as hold_seats is, on a fresh event.
/// </summary>
internal static class HoldCallsAnchor
{
    // KEYS are the event's script keys in their usual order (Keys/EventKeys.cs): 1 meta, 2 seats,
    // 6 holds, 7 expiry, 9 users, 11 client_ids, 14 row_free, 15 status, 16 seat_index,
    // 17 change_log. ARGV as hold_seats takes them: 2 channel, 3 hold, 4 user, 5 client id, 8-11 seats.
    private static readonly string Text = $$"""
        local hold, user, client = ARGV[3], ARGV[4], ARGV[5]
        local seats = { ARGV[8], ARGV[9], ARGV[10], ARGV[11] }
        local time = redis.call('TIME')
        redis.call('HMGET', KEYS[1], 'hold_ttl', 'max_per_hold', 'max_per_user', 'max_ext', 'available', 'held', 'sale', 'opens_at')
        redis.call('HGET', KEYS[11], user .. '\n' .. client)
        local states = redis.call('HMGET', KEYS[2], unpack(seats))
        local entry = redis.call('HGET', KEYS[9], user)
        local holders = {}
        for i = 1, 4 do
            if states[i] ~= 'a' then
                holders[#holders + 1] = string.sub(states[i], 3)
            end
        end
        if #holders > 0 then
            redis.call('ZMSCORE', KEYS[7], unpack(holders))
            return { 'unavailable' }
        end
        local facts = redis.call('HMGET', KEYS[16], unpack(seats))
        local state = 'h|' .. hold
        redis.call('HSET', KEYS[2], seats[1], state, seats[2], state, seats[3], state, seats[4], state)
        redis.call('SETRANGE', KEYS[15], string.match(facts[1], '^%d+'), 'hhhh')
        redis.call('HINCRBY', KEYS[14], string.match(seats[1], '^(.*)%-%d+$'), '-4')
        redis.call('HINCRBY', KEYS[1], 'available', '-4')
        redis.call('HINCRBY', KEYS[1], 'held', '4')
        local now = string.format('%d', tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))
        redis.call('HSET', KEYS[6], hold, '{"id":"' .. hold .. '","user":"' .. user .. '","crid":"' .. client
            .. '","status":"held","seats":["' .. table.concat(seats, '","') .. '"],"facts":["' .. table.concat(facts, '","')
            .. '"],"created":' .. now .. ',"exp":' .. now .. ',"base_exp":' .. now .. ',"ext":0,"fence":1,"key":"","order":""}')
        redis.call('ZADD', KEYS[7], now, hold)
        redis.call('HSET', KEYS[11], user .. '\n' .. client, hold)
        redis.call('HSET', KEYS[9], user, (entry and entry .. ' ' or '4|') .. hold)
        local version = redis.call('HINCRBY', KEYS[1], 'version', '1')
        local message = '{"version":' .. version .. ',"changes":[{"seat_id":"' .. table.concat(seats, '","status":"held"},{"seat_id":"')
            .. '","status":"held"}]}'
        redis.call('XADD', KEYS[17], 'MAXLEN', '~', '{{ScriptConstants.ChangeLogLength}}', version .. '-0', '{{ScriptConstants.ChangeField}}', message)
        redis.call('PUBLISH', ARGV[2], message)
        return { 'held' }
        """;

    /// <summary>Runs the calls alone on <paramref name="eventId"/>, loaded as for hold_seats (the caller drops it).</summary>
    public static async Task<RedisBenchmarkRun.Measured> RunAsync(IConnectionMultiplexer redis, string endpoint, string eventId, int rows, int requests, int callers)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var sha = Convert.ToHexStringLower(await server.ScriptLoadAsync(Text));
        return await RedisBenchmarkRun.MeasureAsync(redis, endpoint, requests, callers, rows, RedisBenchmarkRun.HoldCommand(["EVALSHA", sha], eventId));
    }
}
