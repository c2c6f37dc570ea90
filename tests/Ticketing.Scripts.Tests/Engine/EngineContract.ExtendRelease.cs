using Ticketing.Scripts.Holds;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task ExtendPushesTheExpiryBackOncePerAllowedExtension()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxExtensions: 1));
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1");

        var extended = Assert.IsType<ExtendOutcome.Extended>(await harness.Engine.ExtendAsync(hold.HoldId, "u1", 120));
        var again = Assert.IsType<ExtendOutcome.NoExtensionsLeft>(await harness.Engine.ExtendAsync(hold.HoldId, "u1", 120));

        Assert.Equal(hold.ExpiresAt.AddSeconds(120), extended.Hold.ExpiresAt);
        Assert.Equal(0, extended.Hold.ExtensionsRemaining);
        Assert.Equal(extended.Hold.ExpiresAt, again.Hold.ExpiresAt);
        Assert.Equal(extended.Hold.ExpiresAt, (await harness.Engine.GetHoldAsync(hold.HoldId, "u1"))!.ExpiresAt);

        // The extension is real: past the first expiry, the hold still blocks its seat.
        harness.Clock.Advance(TimeSpan.FromSeconds(330));
        Assert.IsType<HoldOutcome.SeatsUnavailable>(await harness.HoldAsync(layout, "u2", "FLOOR-A-1"));
    }

    [Fact]
    public async Task ExtendAnswersForHoldsThatAreNotLiveOrNotTheUsers()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxExtensions: 3));
        var paying = await harness.PayingAsync(await harness.HeldAsync(layout, "u1", "FLOOR-A-1"), "k1");
        var released = await harness.HeldAsync(layout, "u1", "FLOOR-A-2");
        await harness.Engine.ReleaseAsync(released.HoldId, "u1");
        var expiring = await harness.HeldAsync(layout, "u1", "FLOOR-A-3");

        Assert.Equal(new ExtendOutcome.NotHeld(HoldStatus.Paying), await harness.Engine.ExtendAsync(paying.HoldId, "u1", 60));
        Assert.Equal(new ExtendOutcome.NotHeld(HoldStatus.Released), await harness.Engine.ExtendAsync(released.HoldId, "u1", 60));
        Assert.IsType<ExtendOutcome.NotFound>(await harness.Engine.ExtendAsync(expiring.HoldId, "u2", 60));
        Assert.IsType<ExtendOutcome.NotFound>(await harness.Engine.ExtendAsync("rsv_bogus", "u1", 60));
        harness.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.IsType<ExtendOutcome.Expired>(await harness.Engine.ExtendAsync(expiring.HoldId, "u1", 60));
    }

    [Fact]
    public async Task ReleaseGivesTheSeatsBackAtOnceAndIsIdempotent()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2");

        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(hold.HoldId, "u1"));
        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(hold.HoldId, "u1"));

        Assert.Equal(SeatStatus.Available, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-A-1"));
        Assert.Equal(HoldStatus.Released, (await harness.Engine.GetHoldAsync(hold.HoldId, "u1"))!.Status);
        Assert.IsType<HoldOutcome.Held>(await harness.HoldAsync(layout, "u2", "FLOOR-A-1", "FLOOR-A-2"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task ReleaseAnswersForHoldsThatAreNotLiveOrNotTheUsers()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var paying = await harness.PayingAsync(await harness.HeldAsync(layout, "u1", "FLOOR-A-1"), "k1");
        var committed = await harness.HeldAsync(layout, "u1", "FLOOR-A-2");
        await harness.CommittedAsync(committed, "k2");
        var expiring = await harness.HeldAsync(layout, "u1", "FLOOR-A-3");

        Assert.Equal(new ReleaseOutcome.NotHeld(HoldStatus.Paying), await harness.Engine.ReleaseAsync(paying.HoldId, "u1"));
        Assert.Equal(new ReleaseOutcome.NotHeld(HoldStatus.Committed), await harness.Engine.ReleaseAsync(committed.HoldId, "u1"));
        Assert.IsType<ReleaseOutcome.NotFound>(await harness.Engine.ReleaseAsync(expiring.HoldId, "u2"));
        harness.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.IsType<ReleaseOutcome.Expired>(await harness.Engine.ReleaseAsync(expiring.HoldId, "u1"));
        Assert.Equal(HoldStatus.Expired, (await harness.Engine.GetHoldAsync(expiring.HoldId, "u1"))!.Status);
    }
}
