using StackExchange.Redis;
using Ticketing.Scripts.Execution;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;

namespace Ticketing.Scripts.SeatMap;

/// <summary>Reads of an event's seat map and counters.</summary>
internal sealed class SeatMapScripts(IConnectionMultiplexer redis, ScriptRunner runner, LayoutLoader layouts)
{
    private static readonly RedisValue[] CounterFields = ["total", "available", "held", "sold", "version", "blocked"];

    public async Task<SeatMapSnapshot?> SnapshotAsync(string eventId)
    {
        var layout = await layouts.FindAsync(eventId).ConfigureAwait(false);
        if (layout is null)
        {
            return null;
        }

        var result = await runner.RunAsync(EngineScripts.Snapshot, eventId).ConfigureAwait(false);
        if (result.IsNull)
        {
            return null;
        }

        var reply = Reply.Of(EngineScripts.Snapshot, result);
        var states = new Dictionary<string, string>(layout.AllSeats.Count, StringComparer.Ordinal);
        AddStates(states, (RedisResult[])reply.Item(1)!);
        return ToSnapshot(eventId, layout, states, reply.Long(0), (RedisResult[])reply.Item(2)!);
    }

    public async Task<SeatMapSnapshot?> ScanAsync(string eventId, int seatsPerPage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seatsPerPage, 1);
        var layout = await layouts.FindAsync(eventId).ConfigureAwait(false);
        if (layout is null)
        {
            return null;
        }

        var states = new Dictionary<string, string>(layout.AllSeats.Count, StringComparer.Ordinal);
        var cursor = "0";
        while (true)
        {
            var result = await runner.RunAsync(EngineScripts.ScanSeats, eventId, cursor, seatsPerPage).ConfigureAwait(false);
            if (result.IsNull)
            {
                return null;
            }

            var reply = Reply.Of(EngineScripts.ScanSeats, result);
            AddStates(states, (RedisResult[])reply.Item(1)!);
            cursor = reply.String(0);
            if (cursor == "0")
            {
                return ToSnapshot(eventId, layout, states, reply.Long(2), (RedisResult[])reply.Item(3)!);
            }
        }
    }

    private static void AddStates(Dictionary<string, string> states, RedisResult[] flat)
    {
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            states[(string)flat[i]!] = (string)flat[i + 1]!;
        }
    }

    private static SeatMapSnapshot ToSnapshot(
        string eventId, LayoutIndex layout, Dictionary<string, string> states, long version, RedisResult[] elapsedHoldIds)
    {
        var elapsed = elapsedHoldIds.Select(id => (string)id!).ToHashSet(StringComparer.Ordinal);
        var seats = layout.AllSeats
            .Select(seat => ToState(seat, states.GetValueOrDefault(seat.Id, "a"), elapsed))
            .ToList();
        return new SeatMapSnapshot(eventId, version, seats);
    }

    public async Task<SeatStatusMap?> SeatStatusesAsync(string eventId)
    {
        var layout = await layouts.FindAsync(eventId).ConfigureAwait(false);
        if (layout is null)
        {
            return null;
        }

        var result = await runner.RunAsync(EngineScripts.SeatStatuses, eventId).ConfigureAwait(false);
        if (result.IsNull)
        {
            return null;
        }

        var reply = Reply.Of(EngineScripts.SeatStatuses, result);
        var letters = (byte[])reply.Item(1)!;
        var seats = layout.AllSeats;
        if (letters.Length != seats.Count || !SeatStatusLetters.AreAll(letters))
        {
            throw new InventoryEngineException($"the status string of event {eventId} does not match its layout of {seats.Count} seats");
        }

        // Seats of holds whose time has passed are free to the next buyer, swept or not.
        foreach (var seatId in (RedisResult[])reply.Item(2)!)
        {
            letters[layout.Position((string)seatId!)] = SeatStatusLetters.Available;
        }

        return new SeatStatusMap(eventId, reply.Long(0), seats, letters);
    }

    public async Task<Availability?> GetAvailabilityAsync(string eventId)
    {
        var values = await redis.GetDatabase().HashGetAsync(EventKeys.Meta(eventId), CounterFields).ConfigureAwait(false);
        if (values[0].IsNull)
        {
            return null;
        }

        // Events loaded before seat blocks existed have no 'blocked' counter: none are blocked.
        var blocked = values[5].IsNull ? 0 : (int)values[5];
        return new Availability((int)values[0], (int)values[1], (int)values[2], (int)values[3], (long)values[4], blocked);
    }

    private static SeatState ToState(SeatInfo seat, string state, HashSet<string> elapsedHolds)
    {
        var encoded = SeatEncoding.Parse(state);
        return encoded switch
        {
            // Free to the next buyer, but still naming the elapsed hold until the sweep releases it,
            // so operators (drift repair) can tell which hold is stuck.
            { Status: SeatStatus.Held } when elapsedHolds.Contains(encoded.HoldId!) => new SeatState(seat, SeatStatus.Available, encoded.HoldId, null),
            _ => new SeatState(seat, encoded.Status, encoded.HoldId, encoded.OrderId),
        };
    }
}
