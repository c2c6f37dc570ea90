using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public sealed class SmokeTests(SingleServerTarget target) : IClassFixture<SingleServerTarget>
{
    [Fact]
    public async Task HoldCommitAndSnapshot()
    {
        var harness = new EngineHarness(target.Connection);
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2");
        Assert.Equal(200m, hold.TotalPrice);
        var order = await harness.CommittedAsync(hold, "k1");
        Assert.Equal(200m, order.TotalAmount);
        var snapshot = await harness.Engine.SnapshotAsync(layout.EventId);
        Assert.NotNull(snapshot);
        var availability = await harness.Engine.GetAvailabilityAsync(layout.EventId);
        Assert.Equal(2, availability!.SoldSeats);
        Assert.Equal(order.Tickets, (await harness.Engine.GetOrderAsync(order.OrderId))!.Tickets);
        var best = await harness.Engine.HoldBestAvailableAsync(new HoldBestAvailableRequest(layout.EventId, "u2", "c", 3, "FLOOR", true, null));
        Assert.IsType<HoldOutcome.Held>(best);
    }
}
