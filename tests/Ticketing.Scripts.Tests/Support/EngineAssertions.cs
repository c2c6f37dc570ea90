using System.Text.Json;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Scripts.Tests.Support;

/// <summary>Checks against what Redis really holds, independent of the engine's own reads.</summary>
public static class EngineAssertions
{
    /// <summary>Raw seat states straight from the seats hash.</summary>
    public static async Task<Dictionary<string, string>> RawSeatsAsync(IConnectionMultiplexer redis, string eventId) =>
        (await redis.GetDatabase().HashGetAllAsync(EventKeys.Seats(eventId)))
            .ToDictionary(entry => (string)entry.Name!, entry => (string)entry.Value!);

    /// <summary>The event's counters (available, held, sold, blocked), and the free-seat count of every row, equal a recount of the seats hash.</summary>
    public static async Task CountersMatchRecountAsync(IInventoryEngine engine, IConnectionMultiplexer redis, string eventId)
    {
        var seats = await RawSeatsAsync(redis, eventId);
        var availability = await engine.GetAvailabilityAsync(eventId);
        Assert.NotNull(availability);
        Assert.Equal(seats.Count, availability.TotalSeats);
        Assert.Equal(seats.Values.Count(state => state == "a"), availability.AvailableSeats);
        Assert.Equal(seats.Values.Count(state => state.StartsWith("h|", StringComparison.Ordinal)), availability.HeldSeats);
        Assert.Equal(seats.Values.Count(state => state.StartsWith("s|", StringComparison.Ordinal)), availability.SoldSeats);
        Assert.Equal(seats.Values.Count(state => state.StartsWith("b|", StringComparison.Ordinal)), availability.BlockedSeats);
        await RowFreeCountsMatchRecountAsync(redis, eventId, seats);
        await StatusStringMatchesRecountAsync(redis, eventId, seats);
    }

    /// <summary>
    /// Seat i of the layout (in <see cref="EventLayout.Seats"/> order, the order the C# side reads
    /// the status string in) has position i in seat_index, and byte i of the status string is the
    /// first letter of its state in the seats hash.
    /// </summary>
    public static async Task StatusStringMatchesRecountAsync(IConnectionMultiplexer redis, string eventId, Dictionary<string, string> seats)
    {
        var database = redis.GetDatabase();
        var layout = JsonSerializer.Deserialize<EventLayout>((string)(await database.StringGetAsync(EventKeys.Layout(eventId)))!)!;
        var order = layout.Seats().Select(seat => seat.Id).ToList();
        var index = (await database.HashGetAllAsync(EventKeys.SeatIndex(eventId)))
            .ToDictionary(entry => (string)entry.Name!, entry => SeatIndexEntry.Parse(entry.Value).Position, StringComparer.Ordinal);
        Assert.Equal(order.Select((seatId, position) => (seatId, position)), index.OrderBy(entry => entry.Value).Select(entry => (entry.Key, entry.Value)));

        var status = (string?)await database.StringGetAsync(EventKeys.Status(eventId));
        Assert.NotNull(status);
        Assert.Equal(string.Concat(order.Select(seatId => seats[seatId][0])), status);
    }

    /// <summary>Every row's entry in the row_free hash equals the number of its seats in state <c>a</c>.</summary>
    private static async Task RowFreeCountsMatchRecountAsync(IConnectionMultiplexer redis, string eventId, Dictionary<string, string> seats)
    {
        var recount = seats
            .GroupBy(seat => seat.Key[..seat.Key.LastIndexOf('-')], StringComparer.Ordinal)
            .ToDictionary(row => row.Key, row => row.Count(seat => seat.Value == "a"), StringComparer.Ordinal);
        var counts = (await redis.GetDatabase().HashGetAllAsync(EventKeys.RowFree(eventId)))
            .Where(entry => entry.Name != ScriptConstants.HashTableField)
            .ToDictionary(entry => (string)entry.Name!, entry => (int)entry.Value, StringComparer.Ordinal);
        Assert.Equal(recount.OrderBy(row => row.Key, StringComparer.Ordinal), counts.OrderBy(row => row.Key, StringComparer.Ordinal));
    }

    public static async Task<SeatStatus> StatusAsync(IInventoryEngine engine, string eventId, string seatId)
    {
        var snapshot = await engine.SnapshotAsync(eventId);
        Assert.NotNull(snapshot);
        return snapshot.Seats.Single(seat => seat.Seat.Id == seatId).Status;
    }
}
