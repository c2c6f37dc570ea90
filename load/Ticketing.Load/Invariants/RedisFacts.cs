using StackExchange.Redis;
using Ticketing.Scripts.Keys;

namespace Ticketing.Load.Invariants;

/// <summary>
/// Raw reads of one event's Redis keys, below the engine's façade, so the check sees what the
/// scripts actually stored. Layout (src/Scripts/Lua/common.lua): the seats hash maps seat id to
/// <c>a</c> | <c>h|&lt;holdId&gt;</c> | <c>s|&lt;orderId&gt;|&lt;userId&gt;</c>; the meta hash keeps
/// the exact counters; the expiry sorted set scores each live hold by when it ends (ms, Redis clock).
/// </summary>
public sealed class RedisFacts(IConnectionMultiplexer redis)
{
    /// <summary>The kept counters and a recount of the seats hash, read in one MULTI so they are of one instant.</summary>
    public async Task<(SeatCounts Kept, SeatCounts Recounted, IReadOnlyDictionary<string, string> HeldBy)> CountersAndSeatsAsync(string eventId)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        var counters = transaction.HashGetAsync(EventKeys.Meta(eventId), ["total", "available", "held", "sold"]);
        var seats = transaction.HashGetAllAsync(EventKeys.Seats(eventId));
        if (!await transaction.ExecuteAsync())
        {
            throw new InvalidOperationException("the MULTI reading counters and seats was discarded");
        }

        var values = (await counters).Select(value => value.IsNull ? 0 : (int)value).ToArray();
        var kept = new SeatCounts(values[0], values[1], values[2], values[3]);
        var heldBy = new Dictionary<string, string>(StringComparer.Ordinal);
        int available = 0, held = 0, sold = 0;
        foreach (var seat in await seats)
        {
            var state = (string)seat.Value!;
            switch (state[0])
            {
                case 'a':
                    available++;
                    break;
                case 'h':
                    held++;
                    heldBy[seat.Name!] = state[2..];
                    break;
                default:
                    sold++;
                    break;
            }
        }

        return (kept, new SeatCounts(available + held + sold, available, held, sold), heldBy);
    }

    /// <summary>Every order id some seat of the event is sold under (<c>s|&lt;orderId&gt;|&lt;userId&gt;</c>).</summary>
    public async Task<IReadOnlySet<string>> SoldOrderIdsAsync(string eventId)
    {
        var seats = await redis.GetDatabase().HashGetAllAsync(EventKeys.Seats(eventId));
        return seats.Select(seat => (string)seat.Value!)
            .Where(state => state.StartsWith("s|", StringComparison.Ordinal))
            .Select(state => state.Split('|')[1])
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Live holds whose end passed before <paramref name="endedBefore"/> (on Redis' clock), with when they ended.</summary>
    public async Task<IReadOnlyList<(string HoldId, DateTimeOffset EndedAt)>> HoldsEndedBeforeAsync(string eventId, TimeSpan endedBefore)
    {
        var database = redis.GetDatabase();
        var now = await RedisNowAsync(database);
        var cutoff = (now - endedBefore).ToUnixTimeMilliseconds();
        var due = await database.SortedSetRangeByScoreWithScoresAsync(EventKeys.Expiry(eventId), double.NegativeInfinity, cutoff);
        return due.Select(entry => ((string)entry.Element!, DateTimeOffset.FromUnixTimeMilliseconds((long)entry.Score))).ToList();
    }

    /// <summary>Every hold id the expiry set still tracks as live.</summary>
    public async Task<IReadOnlySet<string>> LiveHoldIdsAsync(string eventId)
    {
        var members = await redis.GetDatabase().SortedSetRangeByRankAsync(EventKeys.Expiry(eventId));
        return members.Select(member => (string)member!).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<DateTimeOffset> RedisNowAsync(IDatabase database)
    {
        var time = (RedisResult[])(await database.ExecuteAsync("TIME"))!;
        return DateTimeOffset.FromUnixTimeMilliseconds((long)time[0] * 1000 + (long)time[1] / 1000);
    }
}

/// <summary>Seats by state.</summary>
public sealed record SeatCounts(int Total, int Available, int Held, int Sold);
