using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.Pricing;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task RepricingAvailableAndBlockedSeatsChangesTheNextHoldsTotal()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        Assert.IsType<Blocks.BlockOutcome.Blocked>(await harness.Engine.BlockSeatsAsync(layout.EventId, ["S-1-4"], "camera"));
        Assert.Equal(0, await harness.Engine.GetPricesVersionAsync(layout.EventId));

        var repriced = Assert.IsType<RepriceOutcome.Repriced>(await harness.Engine.RepriceSeatsAsync(layout.EventId,
            [new SeatPrice("S-1-1", 12.50m), new SeatPrice("S-1-4", 20m)]));

        Assert.Equal(2, repriced.Version);
        Assert.True(repriced.PricesVersion > 0);
        Assert.Equal(repriced.PricesVersion, await harness.Engine.GetPricesVersionAsync(layout.EventId));
        var prices = await harness.Engine.GetSeatPricesAsync(layout.EventId);
        Assert.Equal(new Dictionary<string, decimal> { ["S-1-1"] = 12.50m, ["S-1-4"] = 20m }, prices!.Overrides);
        Assert.Equal(SeatStatus.Blocked, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "S-1-4"));
        var again = Assert.IsType<RepriceOutcome.Repriced>(await harness.Engine.RepriceSeatsAsync(layout.EventId, [new SeatPrice("S-1-3", 10m)]));
        Assert.True(again.PricesVersion > repriced.PricesVersion);
        var hold = await harness.HeldAsync(layout, "u1", "S-1-1", "S-1-2");
        Assert.Equal([12.50m, 10m], hold.Seats.Select(seat => seat.Price));
        Assert.Equal(22.50m, hold.TotalPrice);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task RepricingAHeldPayingOrSoldSeatChangesNoPrice()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(6));
        await harness.HeldAsync(layout, "u1", "S-1-1");
        await harness.PayingAsync(await harness.HeldAsync(layout, "u2", "S-1-2"), "pay");
        await harness.CommittedAsync(await harness.HeldAsync(layout, "u3", "S-1-3"), "sold");
        var version = await harness.Engine.GetVersionAsync(layout.EventId);

        var refused = Assert.IsType<RepriceOutcome.SeatsUnavailable>(await harness.Engine.RepriceSeatsAsync(layout.EventId,
            [new SeatPrice("S-1-1", 1m), new SeatPrice("S-1-2", 1m), new SeatPrice("S-1-3", 1m), new SeatPrice("S-1-4", 1m)]));

        Assert.Equal(["S-1-1", "S-1-2", "S-1-3"], refused.SeatIds);
        Assert.Equal(["S-1-9"], Assert.IsType<RepriceOutcome.UnknownSeats>(await harness.Engine.RepriceSeatsAsync(layout.EventId,
            [new SeatPrice("S-1-4", 1m), new SeatPrice("S-1-9", 1m)])).SeatIds);
        Assert.Equal(["S-1-4"], Assert.IsType<RepriceOutcome.DuplicateSeats>(await harness.Engine.RepriceSeatsAsync(layout.EventId,
            [new SeatPrice("S-1-4", 1m), new SeatPrice("S-1-4", 2m)])).SeatIds);
        Assert.IsType<RepriceOutcome.EventNotFound>(await harness.Engine.RepriceSeatsAsync(Guid.NewGuid().ToString("D"), [new SeatPrice("S-1-4", 1m)]));
        Assert.Equal(version, await harness.Engine.GetVersionAsync(layout.EventId));
        Assert.Empty((await harness.Engine.GetSeatPricesAsync(layout.EventId))!.Overrides);
        Assert.Equal(10m, (await harness.HeldAsync(layout, "u4", "S-1-4")).TotalPrice);
    }

    [Fact]
    public async Task ASeatWhoseHoldHasElapsedCanBeRepricedAndTheEndedHoldKeepsItsTotal()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(2));
        var old = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, "u1", "c1", ["S-1-1"], 10))).Hold;
        harness.Clock.Advance(TimeSpan.FromSeconds(11));

        Assert.IsType<RepriceOutcome.Repriced>(await harness.Engine.RepriceSeatsAsync(layout.EventId, [new SeatPrice("S-1-1", 30m)]));

        var ended = await harness.Engine.GetHoldAsync(old.HoldId, "u1");
        Assert.Equal((HoldStatus.Expired, 10m), (ended!.Status, ended.TotalPrice));
        Assert.Equal(30m, (await harness.HeldAsync(layout, "u2", "S-1-1")).TotalPrice);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task AHoldKeepsThePricesItWasMadeAtThroughCommitWhileOtherSeatsAreRepriced()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        Assert.IsType<RepriceOutcome.Repriced>(await harness.Engine.RepriceSeatsAsync(layout.EventId,
            [new SeatPrice("S-1-1", 15m), new SeatPrice("S-1-2", 15m)]));
        var hold = await harness.HeldAsync(layout, "u1", "S-1-1", "S-1-2");
        // The section's other seats, and the layout price itself, move on; the hold does not.
        Assert.IsType<RepriceOutcome.Repriced>(await harness.Engine.RepriceSeatsAsync(layout.EventId,
            [new SeatPrice("S-1-3", 99m), new SeatPrice("S-1-4", 1m)]));

        var paying = await harness.PayingAsync(hold, "pay");
        Assert.Equal(30m, paying.TotalPrice);
        var order = Assert.IsType<CommitOutcome.Committed>(await harness.Engine.CommitAsync(EngineHarness.CommitOf(paying, "pay"))).Order;

        Assert.Equal(30m, order.TotalAmount);
        Assert.Equal([15m, 15m], order.Tickets.Select(ticket => ticket.Price));
        Assert.Equal(30m, (await harness.Engine.GetHoldAsync(hold.HoldId, "u1"))!.TotalPrice);
    }

    [Fact]
    public async Task ConcurrentRepricesAndHoldsOfTheSameSeatsNeverMakeAHoldAtAMixOfPrices()
    {
        const int Rounds = 200;
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4, maxSeatsPerHold: 4, maxTicketsPerUser: 1_000));
        string[] seats = ["S-1-1", "S-1-2", "S-1-3", "S-1-4"];

        // Round r prices one pair of seats (both in one change) at r cents plus one euro, while each
        // pair's buyer holds and releases it: a hold sees either a whole change or none of it.
        using var start = new SemaphoreSlim(0);
        var reprices = Task.Run(async () =>
        {
            await start.WaitAsync();
            var outcomes = new List<RepriceOutcome>();
            for (var round = 1; round <= Rounds; round++)
            {
                var pair = seats.Skip(round % 2 * 2).Take(2);
                outcomes.Add(await harness.Engine.RepriceSeatsAsync(layout.EventId, [.. pair.Select(seat => new SeatPrice(seat, 1m + round / 100m))]));
            }

            return outcomes;
        });
        var buyers = Enumerable.Range(0, 2).Select(buyer => Task.Run(async () =>
        {
            await start.WaitAsync();
            var holds = new List<HoldView>();
            for (var i = 0; i < Rounds / 2; i++)
            {
                var outcome = await harness.HoldAsync(layout, $"u{buyer}", seats[buyer * 2], seats[buyer * 2 + 1]);
                var held = Assert.IsType<HoldOutcome.Held>(outcome);
                holds.Add(held.Hold);
                Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(held.Hold.HoldId, held.Hold.UserId));
            }

            return holds;
        })).ToArray();
        start.Release(3);
        var repriceOutcomes = await reprices;
        var holds = (await Task.WhenAll(buyers)).SelectMany(list => list).ToList();

        Assert.Contains(repriceOutcomes, outcome => outcome is RepriceOutcome.Repriced);
        Assert.All(repriceOutcomes, outcome => Assert.True(outcome is RepriceOutcome.Repriced or RepriceOutcome.SeatsUnavailable, outcome.ToString()));
        Assert.NotEmpty(holds);
        foreach (var hold in holds)
        {
            var stored = (await harness.Engine.GetHoldAsync(hold.HoldId, hold.UserId))!;
            Assert.Equal(hold.TotalPrice, stored.TotalPrice);
            Assert.Single(stored.Seats.Select(seat => seat.Price).Distinct());
        }

        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }
}
