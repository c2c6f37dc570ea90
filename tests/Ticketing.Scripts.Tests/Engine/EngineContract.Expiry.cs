using Ticketing.Scripts.Holds;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task AnElapsedHoldNeverBlocksANewOne()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var old = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(layout.EventId, "u1", "c1", ["FLOOR-A-1", "FLOOR-A-2"], 5))).Hold;
        harness.Clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(SeatStatus.Available, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-A-1"));
        var fresh = await harness.HeldAsync(layout, "u2", "FLOOR-A-2", "FLOOR-A-3");

        Assert.Equal(HoldStatus.Expired, (await harness.Engine.GetHoldAsync(old.HoldId, "u1"))!.Status);
        Assert.Equal(SeatStatus.Available, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-A-1"));
        Assert.Equal(HoldStatus.Held, fresh.Status);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
        Assert.Equal(2, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.HeldSeats);
    }

    [Fact]
    public async Task TheSweepReleasesElapsedHoldsAndFixesTheCounters()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var elapsing = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2");
        var elapsing2 = await harness.HeldAsync(layout, "u2", "FLOOR-B-1");
        var extended = await harness.HeldAsync(layout, "u3", "FLOOR-C-1");
        await harness.Engine.ExtendAsync(extended.HoldId, "u3", 600);
        harness.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(new ExpireOutcome(2, 3), await harness.Engine.ExpireDueAsync(layout.EventId));
        Assert.Equal(new ExpireOutcome(0, 0), await harness.Engine.ExpireDueAsync(layout.EventId));

        var availability = await harness.Engine.GetAvailabilityAsync(layout.EventId);
        Assert.Equal((1, 41), (availability!.HeldSeats, availability.AvailableSeats));
        Assert.Equal(HoldStatus.Expired, (await harness.Engine.GetHoldAsync(elapsing.HoldId, "u1"))!.Status);
        Assert.Equal(HoldStatus.Expired, (await harness.Engine.GetHoldAsync(elapsing2.HoldId, "u2"))!.Status);
        Assert.Equal(HoldStatus.Held, (await harness.Engine.GetHoldAsync(extended.HoldId, "u3"))!.Status);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task TheSweepTakesAtMostTheGivenNumberOfHoldsPerRun()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        for (var i = 1; i <= 5; i++)
        {
            await harness.HeldAsync(layout, $"u{i}", $"FLOOR-A-{i}");
        }

        harness.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(new ExpireOutcome(2, 2), await harness.Engine.ExpireDueAsync(layout.EventId, maxHolds: 2));
        Assert.Equal(new ExpireOutcome(3, 3), await harness.Engine.ExpireDueAsync(layout.EventId, maxHolds: 10));
    }

    [Fact]
    public async Task AHoldWithARealFiveSecondTtlExpiresAndIsSwept()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(layout.EventId, "u1", "c1", ["FLOOR-A-1"], 5))).Hold;

        await Eventually.HoldsAsync(async () => (await harness.Engine.ExpireDueAsync(layout.EventId)).ExpiredHolds == 1,
            TimeSpan.FromSeconds(60), "a 5 s hold is swept after its time");

        Assert.Equal(HoldStatus.Expired, (await harness.Engine.GetHoldAsync(hold.HoldId, "u1"))!.Status);
        Assert.Equal(0, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.HeldSeats);
        Assert.IsType<HoldOutcome.Held>(await harness.HoldAsync(layout, "u2", "FLOOR-A-1"));
    }

    [Fact]
    public async Task EndedHoldsStayReadableForADayAndAreThenPurged()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var released = await harness.HeldAsync(layout, "u1", "FLOOR-A-1");
        await harness.Engine.ReleaseAsync(released.HoldId, "u1");
        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "FLOOR-A-2"), "k1");

        harness.Clock.Advance(TimeSpan.FromHours(23));
        await harness.Engine.ExpireDueAsync(layout.EventId);
        Assert.Equal(HoldStatus.Released, (await harness.Engine.GetHoldAsync(released.HoldId, "u1"))!.Status);
        Assert.NotNull(await harness.Engine.GetOrderAsync(order.OrderId));

        harness.Clock.Advance(TimeSpan.FromHours(2));
        await harness.Engine.ExpireDueAsync(layout.EventId);
        Assert.Null(await harness.Engine.GetHoldAsync(released.HoldId, "u1"));
        Assert.Null(await harness.Engine.GetOrderAsync(order.OrderId));
        Assert.Equal(SeatStatus.Sold, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-A-2"));
    }
}
