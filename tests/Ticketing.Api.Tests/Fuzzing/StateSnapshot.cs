using System.Text;
using Npgsql;
using StackExchange.Redis;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Fuzzing;

/// <summary>
/// Everything a bad request could have changed, as text to compare: the seat maps a user sees,
/// every Redis key of the events (seats, holds, counters, orders, outbox, waiting room) and the
/// events, seat blocks, orders, tickets and payments in PostgreSQL.
/// </summary>
public static class StateSnapshot
{
    /// <summary>Waiting-room keys that the Api's own timers rewrite while nobody calls it.</summary>
    private static readonly string[] Ticking = [":wr:loop", ":wr:loop_rates", ":wr:admit_log", ":wr:seen"];

    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(ApiFixture api, IConnectionMultiplexer redis, NpgsqlDataSource postgres,
        IReadOnlyList<string> eventIds)
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var eventId in eventIds)
        {
            state[$"seatmap {eventId}"] = (await api.GetAsync($"/api/v1/events/{eventId}/seatmap")).Body.GetRawText();
            state[$"event {eventId}"] = (await api.GetAsync($"/api/v1/events/{eventId}")).Body.GetRawText();
            await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: $"{{ev:{eventId}}}*"))
            {
                if (!Ticking.Any(suffix => ((string)key!).EndsWith(suffix, StringComparison.Ordinal)))
                {
                    state[$"redis {key}"] = await DumpAsync(redis.GetDatabase(), key);
                }
            }
        }

        await using var connection = await postgres.OpenConnectionAsync();
        foreach (var (name, sql) in Tables)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("ids", eventIds.Select(Guid.Parse).ToArray());
            var rows = new StringBuilder();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.AppendLine(reader.GetString(0));
            }

            state[$"postgres {name}"] = rows.ToString();
        }

        return state;
    }

    // The protected events' rows only: the playground event, and events an admin's valid request
    // creates there, may change.
    private static readonly (string Name, string Sql)[] Tables =
    [
        ("events", "SELECT row_to_json(e)::text FROM events e WHERE id = ANY(@ids) ORDER BY id"),
        ("seat_blocks", "SELECT row_to_json(b)::text FROM seat_blocks b WHERE event_id = ANY(@ids) ORDER BY block_id"),
        ("orders", "SELECT row_to_json(o)::text FROM orders o WHERE event_id = ANY(@ids) ORDER BY id"),
        ("tickets", "SELECT row_to_json(t)::text FROM tickets t WHERE event_id = ANY(@ids) ORDER BY id"),
        ("payments", "SELECT row_to_json(p)::text FROM payments p WHERE event_id = ANY(@ids) ORDER BY transaction_id"),
    ];

    private static async Task<string> DumpAsync(IDatabase redis, RedisKey key)
    {
        var type = await redis.KeyTypeAsync(key);
        return type switch
        {
            RedisType.String => $"string {await redis.StringGetAsync(key)}",
            RedisType.Hash => "hash " + string.Join('\n', (await redis.HashGetAllAsync(key)).Select(entry => $"{entry.Name}={entry.Value}").Order(StringComparer.Ordinal)),
            RedisType.List => "list " + string.Join('\n', await redis.ListRangeAsync(key)),
            RedisType.Set => "set " + string.Join('\n', (await redis.SetMembersAsync(key)).Select(member => (string)member!).Order(StringComparer.Ordinal)),
            RedisType.SortedSet => "zset " + string.Join('\n', (await redis.SortedSetRangeByRankWithScoresAsync(key)).Select(entry => $"{entry.Element}={entry.Score}")),
            RedisType.Stream => "stream " + string.Join('\n', (await redis.StreamRangeAsync(key)).Select(entry =>
                $"{entry.Id} {string.Join(',', entry.Values.Select(value => $"{value.Name}={value.Value}"))}")),
            _ => type.ToString(),
        };
    }
}
