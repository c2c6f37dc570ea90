using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Orders;

/// <summary>
/// Orders committed in Redis whose outbox entries are still in the stream: the outbox writer
/// deletes an entry only after PostgreSQL has committed its order, so together with PostgreSQL
/// these are every order that has been acknowledged. Each event keeps an index of those entries
/// by buyer (<see cref="EventKeys.UnwrittenOrders"/>), written by the commit script in the run
/// that appends the entry and emptied by the writer in the transaction that deletes it, so a
/// buyer's are found without reading the backlog.
/// </summary>
internal sealed class UnwrittenOrders(IConnectionMultiplexer redis)
{
    /// <summary>
    /// A user id as its index score: the first 52 bits of the SHA-1 of its UTF-8 bytes, exact in a
    /// double. The commit passes it to commit_hold.lua, which writes it as it is.
    /// </summary>
    public static long ScoreOf(string userId) =>
        long.Parse(Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(userId)))[..13], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<OrderRecord>> OfUserAsync(string userId)
    {
        var database = redis.GetDatabase();
        var events = await database.SetMembersAsync(EventKeys.OnSaleEvents).ConfigureAwait(false);
        var reads = events.Select(eventId => OfUserInEventAsync(database, (string)eventId!, userId)).ToList();
        var orders = await Task.WhenAll(reads).ConfigureAwait(false);
        return [.. orders.SelectMany(found => found)];
    }

    // One range read of the index, then the few entries it names. An entry deleted between the
    // two reads has just been written to PostgreSQL, where the caller's second read finds it.
    private static async Task<List<OrderRecord>> OfUserInEventAsync(IDatabase database, string eventId, string userId)
    {
        var score = ScoreOf(userId);
        var entryIds = await database.SortedSetRangeByScoreAsync(EventKeys.UnwrittenOrders(eventId), score, score).ConfigureAwait(false);
        if (entryIds.Length == 0)
        {
            return [];
        }

        var outbox = EventKeys.Outbox(eventId);
        var entries = await Task.WhenAll(entryIds.Select(id => database.StreamRangeAsync(outbox, id, id, 1))).ConfigureAwait(false);
        // A user sharing the score is someone else: only the caller's own orders are kept.
        return [.. entries.SelectMany(found => found).Select(TryDecode).OfType<OrderRecord>().Where(order => order.UserId == userId)];
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
