using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Pricing;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

/// <summary>
/// Events and users whose Redis entries were written in an earlier form keep working: a server
/// upgraded during a sale holds both forms side by side.
/// </summary>
public abstract partial class EngineContract
{
    [Fact]
    public async Task AnEventWhosePricesAreApartFromItsSeatIndexIsHeldAndRepricedThere()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        var database = Redis.GetDatabase();
        // The earlier form: seat_index holds the position alone, the prices hash the cents.
        foreach (var entry in await database.HashGetAllAsync(EventKeys.SeatIndex(layout.EventId)))
        {
            var parsed = SeatIndexEntry.Parse(entry.Value);
            await database.HashSetAsync(EventKeys.SeatIndex(layout.EventId), entry.Name, parsed.Position);
            await database.HashSetAsync(EventKeys.Prices(layout.EventId), entry.Name, parsed.Cents);
        }

        Assert.IsType<RepriceOutcome.Repriced>(await harness.Engine.RepriceSeatsAsync(layout.EventId, [new SeatPrice("S-1-1", 12.50m)]));
        var hold = await harness.HeldAsync(layout, "u1", "S-1-1", "S-1-2");

        Assert.Equal([12.50m, 10m], hold.Seats.Select(seat => seat.Price));
        Assert.Equal(new Dictionary<string, decimal> { ["S-1-1"] = 12.50m }, (await harness.Engine.GetSeatPricesAsync(layout.EventId))!.Overrides);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(hold.HoldId, "u1"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task AUserWhoseLiveHoldsAreApartFromTheSeatCountIsLimitedAndSweptByBoth()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxTicketsPerUser: 4));
        var first = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2");
        var second = await harness.HeldAsync(layout, "u1", "FLOOR-B-1");
        var database = Redis.GetDatabase();
        // The earlier form: users holds the seat count alone, user_holds the live holds' ids.
        await database.HashSetAsync(EventKeys.Users(layout.EventId), "u1", 3);
        await database.HashSetAsync(EventKeys.UserHolds(layout.EventId), "u1", $"{first.HoldId} {second.HoldId}");

        Assert.Equal(new HoldOutcome.TicketLimitExceeded(4, 3), await harness.HoldAsync(layout, "u1", "FLOOR-C-1", "FLOOR-C-2"));

        // Both holds elapse: the user's view finds them through user_holds and no longer counts their seats.
        harness.Clock.Advance(TimeSpan.FromMinutes(6));
        var next = await harness.HeldAsync(layout, "u1", "FLOOR-C-1", "FLOOR-C-2", "FLOOR-C-3", "FLOOR-C-4");
        Assert.Equal(HoldStatus.Expired, (await harness.Engine.GetHoldAsync(first.HoldId, "u1"))!.Status);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);

        // Written again in the new form, the entry counts the new hold alone and releases it.
        Assert.Equal(new HoldOutcome.TicketLimitExceeded(4, 4), await harness.HoldAsync(layout, "u1", "BALCONY-A-1"));
        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(next.HoldId, "u1"));
        Assert.IsType<HoldOutcome.Held>(await harness.HoldAsync(layout, "u1", "BALCONY-A-1", "BALCONY-A-2", "BALCONY-A-3", "BALCONY-A-4"));
    }
}
