using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Lifecycle;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task AnEventLoadedWithoutAStatusTakesHoldsAsBefore()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));

        Assert.Equal(SaleState.OnSale, await harness.Engine.GetSaleAsync(layout.EventId));
        await harness.HeldAsync(layout, "u1", "S-1-1");
    }

    [Theory]
    [InlineData(SaleStatuses.Draft)]
    [InlineData(SaleStatuses.Paused)]
    [InlineData(SaleStatuses.Closed)]
    [InlineData(SaleStatuses.Cancelled)]
    public async Task NoHoldLandsOutsideTheSale(string status)
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        Assert.True(await harness.Engine.SetSaleAsync(layout.EventId, new SaleState(status)));

        var refused = Assert.IsType<HoldOutcome.NotOnSale>(await harness.HoldAsync(layout, "u1", "S-1-1"));
        Assert.Equal(status, refused.Status);
        Assert.IsType<HoldOutcome.NotOnSale>(await harness.Engine.HoldBestAvailableAsync(
            new HoldBestAvailableRequest(layout.EventId, "u1", "c-best", 1, null, false, null)));

        var availability = await harness.Engine.GetAvailabilityAsync(layout.EventId);
        Assert.Equal((4, 0, 0L), (availability!.AvailableSeats, availability.HeldSeats, availability.Version));
    }

    [Fact]
    public async Task AScheduledSaleOpensByRedisClockWithoutAnyJob()
    {
        var harness = NewHarness();
        var opensAt = (await RedisNowAsync()).AddSeconds(60);
        var layout = TestEvents.SingleRow(4);
        Assert.True(await harness.Engine.LoadEventAsync(layout, new SaleState(SaleStatuses.Scheduled, opensAt)));

        var early = Assert.IsType<HoldOutcome.NotOnSale>(await harness.HoldAsync(layout, "u1", "S-1-1"));
        Assert.Equal(SaleStatuses.Scheduled, early.Status);
        Assert.Equal(opensAt.ToUnixTimeMilliseconds(), early.OpensAt!.Value.ToUnixTimeMilliseconds());

        harness.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.IsType<HoldOutcome.NotOnSale>(await harness.HoldAsync(layout, "u1", "S-1-1"));

        harness.Clock.Advance(TimeSpan.FromSeconds(1.5));
        await harness.HeldAsync(layout, "u1", "S-1-1");
        Assert.Equal(SaleStatuses.Scheduled, (await harness.Engine.GetSaleAsync(layout.EventId))!.Status);
    }

    [Fact]
    public async Task APausedSaleRefusesNewHoldsButLetsLiveOnesBePaidAndReplayed()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        var request = new HoldSeatsRequest(layout.EventId, "u1", "c1", ["S-1-1"], null);
        var hold = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(request)).Hold;

        await harness.Engine.SetSaleAsync(layout.EventId, new SaleState(SaleStatuses.Paused));

        Assert.True(Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(request)).Replayed);
        Assert.IsType<HoldOutcome.NotOnSale>(await harness.HoldAsync(layout, "u2", "S-1-2"));
        await harness.CommittedAsync(hold, "pay-paused");

        await harness.Engine.SetSaleAsync(layout.EventId, SaleState.OnSale);
        await harness.HeldAsync(layout, "u2", "S-1-2");
    }

    [Fact]
    public async Task TheSaleStatusOfAnUnloadedEventIsNotWritten()
    {
        var harness = NewHarness();
        var eventId = Guid.NewGuid().ToString("D");

        Assert.False(await harness.Engine.SetSaleAsync(eventId, new SaleState(SaleStatuses.Paused)));
        Assert.False(await harness.Engine.IsLoadedAsync(eventId));
        Assert.Null(await harness.Engine.GetSaleAsync(eventId));
    }

    [Fact]
    public async Task AScheduledStatusWithoutAnOpeningTimeIsRefused()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(2));

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Engine.SetSaleAsync(layout.EventId, new SaleState(SaleStatuses.Scheduled)));
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Engine.SetSaleAsync(layout.EventId, new SaleState("sold_out")));
        Assert.Equal(SaleState.OnSale, await harness.Engine.GetSaleAsync(layout.EventId));
    }

    private async Task<DateTimeOffset> RedisNowAsync()
    {
        var time = (StackExchange.Redis.RedisResult[])(await Redis.GetDatabase().ExecuteAsync("TIME"))!;
        return DateTimeOffset.FromUnixTimeMilliseconds(((long)time[0] * 1000) + ((long)time[1] / 1000));
    }
}
