using StackExchange.Redis;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Orders;

/// <summary>
/// Orders committed in Redis whose outbox entries are still in the stream: the outbox writer
/// deletes an entry only after PostgreSQL has committed its order, so together with PostgreSQL
/// these are every order that has been acknowledged.
/// </summary>
internal sealed class UnwrittenOrders(IConnectionMultiplexer redis)
{
    private const int Page = 1_000;

    public async Task<IReadOnlyList<OrderRecord>> OfUserAsync(string userId)
    {
        var database = redis.GetDatabase();
        var events = await database.SetMembersAsync(EventKeys.OnSaleEvents).ConfigureAwait(false);
        var reads = events.Select(eventId => OfUserInEventAsync(database, (string)eventId!, userId)).ToList();
        var orders = await Task.WhenAll(reads).ConfigureAwait(false);
        return [.. orders.SelectMany(found => found)];
    }

    // REVIEW: reads the whole backlog of each event on sale (seconds of commits while the writer
    // keeps up) and keeps the caller's. A per-user index written by the commit script would read
    // only the caller's, at the cost of one more write per commit and its own retention.
    private static async Task<List<OrderRecord>> OfUserInEventAsync(IDatabase database, string eventId, string userId)
    {
        var found = new List<OrderRecord>();
        RedisValue start = "-";
        while (true)
        {
            var entries = await database.StreamRangeAsync(EventKeys.Outbox(eventId), start, "+", Page).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                var order = TryDecode(entry);
                if (order is not null && order.UserId == userId)
                {
                    found.Add(order);
                }
            }

            if (entries.Length < Page)
            {
                return found;
            }

            start = "(" + entries[^1].Id;
        }
    }

    // A malformed entry is the outbox writer's to report (it raises an alarm); a listing skips it.
    private static OrderRecord? TryDecode(StreamEntry entry)
    {
        var json = entry[OrderCodec.OrderField];
        var confirmedAt = entry[OrderCodec.ConfirmedAtField];
        if (json.IsNull || confirmedAt.IsNull)
        {
            return null;
        }

        try
        {
            return OrderCodec.Decode(json!, confirmedAt!);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
