using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.Repair;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task RepairMarksSeatsSoldAndCountsThemForTheBuyer()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxTicketsPerUser: 3));
        var orderId = EntityIds.NewOrderId(layout.EventId);

        var result = await harness.Engine.RepairSeatsAsync(layout.EventId,
            [new SeatRepair("FLOOR-A-1", orderId, "u1"), new SeatRepair("FLOOR-A-2", orderId, "u1")]);

        Assert.Equal(
            [new SeatRepairChange("FLOOR-A-1", "available", $"sold:{orderId}"), new SeatRepairChange("FLOOR-A-2", "available", $"sold:{orderId}")],
            result.Changes);
        Assert.Equal(SeatStatus.Sold, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-A-1"));
        Assert.Equal(new HoldOutcome.TicketLimitExceeded(3, 2), await harness.HoldAsync(layout, "u1", "FLOOR-B-1", "FLOOR-B-2"));
        var availability = await harness.Engine.GetAvailabilityAsync(layout.EventId);
        Assert.Equal((2, 1L), (availability!.SoldSeats, availability.Version));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task ARepairToTheStateASeatAlreadyHasChangesNothingAndIsNotReported()
    {
        // A drift check that read a seat before a sale moved it, and PostgreSQL after, asks for
        // what is already there: the seat sold to that order, or a free seat freed.
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxTicketsPerUser: 3));
        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "FLOOR-A-1"), "k1");
        var before = await harness.Engine.GetAvailabilityAsync(layout.EventId);

        var result = await harness.Engine.RepairSeatsAsync(layout.EventId,
            [new SeatRepair("FLOOR-A-1", order.OrderId, "u1"), new SeatRepair("FLOOR-A-2", null, null)]);

        Assert.Empty(result.Changes);
        Assert.Equal(before, await harness.Engine.GetAvailabilityAsync(layout.EventId));
        Assert.Equal(new HoldOutcome.TicketLimitExceeded(3, 1), await harness.HoldAsync(layout, "u1", "FLOOR-B-1", "FLOOR-B-2", "FLOOR-B-3"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task RepairingASeatOfALiveHoldReleasesTheWholeHold()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2");
        var orderId = EntityIds.NewOrderId(layout.EventId);

        var result = await harness.Engine.RepairSeatsAsync(layout.EventId, [new SeatRepair("FLOOR-A-1", orderId, "u9")]);

        Assert.Equal(
            [new SeatRepairChange("FLOOR-A-2", $"held:{hold.HoldId}", "available"), new SeatRepairChange("FLOOR-A-1", $"held:{hold.HoldId}", $"sold:{orderId}")],
            result.Changes);
        Assert.Equal(HoldStatus.Released, (await harness.Engine.GetHoldAsync(hold.HoldId, "u1"))!.Status);
        Assert.Equal(new BeginPaymentOutcome.NotHeld(HoldStatus.Released), await harness.Engine.BeginPaymentAsync(hold.HoldId, "u1", "k", 60));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task RepairCanMakeASoldSeatAvailableAgain()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxTicketsPerUser: 2));
        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2"), "k1");

        var result = await harness.Engine.RepairSeatsAsync(layout.EventId, [new SeatRepair("FLOOR-A-2", null, null)]);

        Assert.Equal([new SeatRepairChange("FLOOR-A-2", $"sold:{order.OrderId}", "available")], result.Changes);
        Assert.IsType<HoldOutcome.Held>(await harness.HoldAsync(layout, "u1", "FLOOR-A-2"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task RepairOfAnUnknownSeatChangesNothing()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Engine.RepairSeatsAsync(layout.EventId,
            [new SeatRepair("FLOOR-A-1", EntityIds.NewOrderId(layout.EventId), "u1"), new SeatRepair("FLOOR-Q-1", null, null)]));

        Assert.Equal(0, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.SoldSeats);
    }
}
