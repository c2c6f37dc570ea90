using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task HoldTakesEveryNamedSeatWithItsPriceAndExpiry()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var before = DateTimeOffset.UtcNow;

        var outcome = await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(layout.EventId, "u1", "c1", ["FLOOR-A-1", "BALCONY-A-2"], 120));

        var held = Assert.IsType<HoldOutcome.Held>(outcome);
        Assert.False(held.Replayed);
        Assert.Equal(HoldStatus.Held, held.Hold.Status);
        Assert.Equal(["FLOOR-A-1", "BALCONY-A-2"], held.Hold.Seats.Select(seat => seat.Id));
        Assert.Equal(149.99m, held.Hold.TotalPrice);
        Assert.Equal("USD", held.Hold.Currency);
        Assert.Equal(1, held.Hold.ExtensionsRemaining);
        Assert.InRange(held.Hold.ExpiresAt, before.AddSeconds(100), before.AddSeconds(180));
        Assert.Equal(SeatStatus.Held, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-A-1"));
        Assert.Equal(SeatStatus.Held, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "BALCONY-A-2"));
        var availability = await harness.Engine.GetAvailabilityAsync(layout.EventId);
        Assert.Equal((42, 40, 2, 0, 1L), (availability!.TotalSeats, availability.AvailableSeats, availability.HeldSeats, availability.SoldSeats, availability.Version));
        var read = await harness.Engine.GetHoldAsync(held.Hold.HoldId, "u1");
        Assert.NotNull(read);
        Assert.Equal((held.Hold.ExpiresAt, held.Hold.Fence, held.Hold.ClientReservationId), (read.ExpiresAt, read.Fence, read.ClientReservationId));
        Assert.Equal(held.Hold.Seats, read.Seats);
    }

    [Fact]
    public async Task HoldFailsWhenOneSeatIsAlreadyHeldAndChangesNothing()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        await harness.HeldAsync(layout, "u1", "FLOOR-A-2");
        var before = await harness.Engine.GetAvailabilityAsync(layout.EventId);

        var outcome = await harness.HoldAsync(layout, "u2", "FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3");

        Assert.Equal(["FLOOR-A-2"], Assert.IsType<HoldOutcome.SeatsUnavailable>(outcome).SeatIds);
        Assert.Equal(before, await harness.Engine.GetAvailabilityAsync(layout.EventId));
        Assert.Equal(SeatStatus.Available, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-A-1"));
        Assert.Equal(SeatStatus.Available, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-A-3"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task HoldFailsOnSoldSeats()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "FLOOR-B-1", "FLOOR-B-2"), "k1");

        var outcome = await harness.HoldAsync(layout, "u2", "FLOOR-B-2", "FLOOR-B-3");

        Assert.Equal(["FLOOR-B-2"], Assert.IsType<HoldOutcome.SeatsUnavailable>(outcome).SeatIds);
    }

    [Fact]
    public async Task HoldNamesUnknownSeats()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());

        var outcome = await harness.HoldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-Z-1", "FLOOR-A-99");

        Assert.Equal(["FLOOR-Z-1", "FLOOR-A-99"], Assert.IsType<HoldOutcome.UnknownSeats>(outcome).SeatIds);
        Assert.Equal(0, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.HeldSeats);
    }

    [Fact]
    public async Task HoldNamesDuplicateSeats()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());

        var outcome = await harness.HoldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-1", "FLOOR-A-1");

        Assert.Equal(["FLOOR-A-1"], Assert.IsType<HoldOutcome.DuplicateSeats>(outcome).SeatIds);
    }

    [Fact]
    public async Task HoldRefusesMoreSeatsThanTheEventAllowsAtOnce()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxSeatsPerHold: 2));

        var outcome = await harness.HoldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3");

        Assert.Equal(new HoldOutcome.TooManySeats(3, 2), outcome);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3601)]
    [InlineData(0)]
    public async Task HoldRefusesATtlOutsideFiveSecondsToAnHour(int ttl)
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());

        var outcome = await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, "u1", "c1", ["FLOOR-A-1"], ttl));

        Assert.Equal(new HoldOutcome.InvalidTtl(ttl), outcome);
    }

    [Fact]
    public async Task TicketLimitCountsTheUsersLiveHoldsAndSoldTickets()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxTicketsPerUser: 4));
        await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2"), "k1");
        await harness.HeldAsync(layout, "u1", "FLOOR-B-1");

        var outcome = await harness.HoldAsync(layout, "u1", "FLOOR-C-1", "FLOOR-C-2");

        Assert.Equal(new HoldOutcome.TicketLimitExceeded(4, 3), outcome);
        Assert.IsType<HoldOutcome.Held>(await harness.HoldAsync(layout, "u1", "FLOOR-C-1"));
        Assert.IsType<HoldOutcome.Held>(await harness.HoldAsync(layout, "u2", "FLOOR-C-2", "FLOOR-C-3", "FLOOR-C-4", "FLOOR-C-5"));
    }

    [Fact]
    public async Task ReleasedAndExpiredHoldsStopCountingTowardsTheTicketLimit()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxTicketsPerUser: 4));
        var released = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2");
        await harness.HeldAsync(layout, "u1", "FLOOR-B-1", "FLOOR-B-2");
        await harness.Engine.ReleaseAsync(released.HoldId, "u1");
        harness.Clock.Advance(TimeSpan.FromMinutes(6));

        var outcome = await harness.HoldAsync(layout, "u1", "FLOOR-C-1", "FLOOR-C-2", "FLOOR-C-3", "FLOOR-C-4");

        Assert.IsType<HoldOutcome.Held>(outcome);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task AHoldUnderTheLimitLeavesTheUsersElapsedHoldToTheSweepAndOneAtTheLimitEndsIt()
    {
        var (harness, layout, elapsed) = await UserWithAnElapsedHoldAsync();

        // 2 seats still counted + 1 is under the limit: the elapsed hold is not looked at.
        var underLimit = await harness.HeldAsync(layout, "u1", "FLOOR-B-1");

        Assert.Equal(HoldStatus.Expired, (await harness.Engine.GetHoldAsync(elapsed.HoldId, "u1"))!.Status);
        Assert.Equal(3, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.HeldSeats);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);

        // 3 counted + 2 would pass it: the hold ends the elapsed one and counts its seats no more.
        Assert.IsType<HoldOutcome.Held>(await harness.HoldAsync(layout, "u1", "FLOOR-C-1", "FLOOR-C-2"));

        Assert.Equal(3, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.HeldSeats);
        Assert.Equal(new ExpireOutcome(0, 0), await harness.Engine.ExpireDueAsync(layout.EventId));
        Assert.Equal(new HoldOutcome.TicketLimitExceeded(4, 3), await harness.HoldAsync(layout, "u1", "BALCONY-A-1", "BALCONY-A-2"));
        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(underLimit.HoldId, "u1"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task AHoldOnTheSeatsOfTheUsersOwnElapsedHoldCountsThemOnce()
    {
        var (harness, layout, elapsed) = await UserWithAnElapsedHoldAsync();

        // Under the limit, so the user's holds are not looked at; the seat's holder is ended all the same.
        await harness.HeldAsync(layout, "u1", "FLOOR-A-1");

        Assert.Equal(HoldStatus.Expired, (await harness.Engine.GetHoldAsync(elapsed.HoldId, "u1"))!.Status);
        Assert.IsType<HoldOutcome.Held>(await harness.HoldAsync(layout, "u1", "FLOOR-B-1", "FLOOR-B-2", "FLOOR-B-3"));
        Assert.Equal(new HoldOutcome.TicketLimitExceeded(4, 4), await harness.HoldAsync(layout, "u1", "FLOOR-C-1"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task TheSameClientReservationIdReplaysTheFirstHold()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var request = new HoldSeatsRequest(layout.EventId, "u1", "c-42", ["FLOOR-A-1", "FLOOR-A-2"], null);
        var first = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(request));

        var again = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(request));
        var otherSeats = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(request with { SeatIds = ["FLOOR-B-1"] }));

        Assert.True(again.Replayed);
        Assert.Equal(first.Hold.HoldId, again.Hold.HoldId);
        Assert.Equal(first.Hold.HoldId, otherSeats.Hold.HoldId);
        Assert.Equal(2, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.HeldSeats);
        var otherUser = Assert.IsType<HoldOutcome.SeatsUnavailable>(await harness.Engine.HoldSeatsAsync(request with { UserId = "u2" }));
        Assert.Equal(["FLOOR-A-1", "FLOOR-A-2"], otherUser.SeatIds);
    }

    [Fact]
    public async Task AReplayAfterTheHoldEndedShowsItsEndState()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var request = new HoldSeatsRequest(layout.EventId, "u1", "c-7", ["FLOOR-A-1"], 10);
        var first = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(request));
        harness.Clock.Advance(TimeSpan.FromSeconds(11));

        var again = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(request));

        Assert.True(again.Replayed);
        Assert.Equal(first.Hold.HoldId, again.Hold.HoldId);
        Assert.Equal(HoldStatus.Expired, again.Hold.Status);
    }

    [Fact]
    public async Task ASoldOutEventAnswersFromItsCounters()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(3));
        await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "S-1-1", "S-1-2", "S-1-3"), "k1");

        var outcome = await harness.HoldAsync(layout, "u2", "S-1-2");
        var best = await harness.Engine.HoldBestAvailableAsync(new HoldBestAvailableRequest(layout.EventId, "u2", "c", 1, null, false, null));

        Assert.Equal(["S-1-2"], Assert.IsType<HoldOutcome.SeatsUnavailable>(outcome).SeatIds);
        Assert.Equal(new HoldOutcome.NotEnoughSeats(1), best);
    }

    /// <summary>An arena with a 4-ticket limit where u1's hold of FLOOR-A-1 and FLOOR-A-2 has elapsed, not yet swept.</summary>
    private async Task<(EngineHarness Harness, EventLayout Layout, HoldView Elapsed)> UserWithAnElapsedHoldAsync()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxTicketsPerUser: 4));
        var elapsed = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2");
        harness.Clock.Advance(TimeSpan.FromMinutes(6));
        return (harness, layout, elapsed);
    }

    [Fact]
    public async Task AHoldIsReadOnlyByItsOwnerOrAnOperator()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1");

        Assert.NotNull(await harness.Engine.GetHoldAsync(hold.HoldId, "u1"));
        Assert.NotNull(await harness.Engine.GetHoldAsync(hold.HoldId, null));
        Assert.Null(await harness.Engine.GetHoldAsync(hold.HoldId, "u2"));
        Assert.Null(await harness.Engine.GetHoldAsync("rsv_nonsense", "u1"));
        Assert.Null(await harness.Engine.GetHoldAsync(hold.HoldId[..^4] + "0000", "u1"));
    }
}
