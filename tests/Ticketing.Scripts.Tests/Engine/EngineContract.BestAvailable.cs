using Ticketing.Scripts.Feeds;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    private static Task<HoldOutcome> BestAsync(EngineHarness harness, EventLayout layout, string user, int quantity, string? section = null, bool adjacent = true) =>
        harness.Engine.HoldBestAvailableAsync(new HoldBestAvailableRequest(layout.EventId, user, Guid.NewGuid().ToString(), quantity, section, adjacent, null));

    private static async Task<IEnumerable<string>> BestSeatsAsync(EngineHarness harness, EventLayout layout, int quantity, string? section = null, bool adjacent = true) =>
        Assert.IsType<HoldOutcome.Held>(await BestAsync(harness, layout, "fan-" + Guid.NewGuid(), quantity, section, adjacent)).Hold.Seats.Select(seat => seat.Id);

    [Fact]
    public async Task BestAvailableTakesAdjacentSeatsInTheFrontRowFirst()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());

        Assert.Equal(["FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3"], await BestSeatsAsync(harness, layout, 3));
        Assert.Equal(["FLOOR-A-4", "FLOOR-A-5", "FLOOR-A-6", "FLOOR-A-7"], await BestSeatsAsync(harness, layout, 4));
        Assert.Equal(["BALCONY-A-1", "BALCONY-A-2", "BALCONY-A-3"], await BestSeatsAsync(harness, layout, 3, section: "BALCONY"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task BestAvailableAvoidsStrandingASingleSeatWhenAnotherRowFits()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        await harness.HeldAsync(layout, "u1", "FLOOR-A-5", "FLOOR-A-6", "FLOOR-A-7", "FLOOR-A-8", "FLOOR-A-9", "FLOOR-A-10");

        // Row A has seats 1-4 free: any three of them would strand one seat, so row B is chosen.
        Assert.Equal(["FLOOR-B-1", "FLOOR-B-2", "FLOOR-B-3"], await BestSeatsAsync(harness, layout, 3, section: "FLOOR"));
        // Two seats fit row A without stranding one.
        Assert.Equal(["FLOOR-A-1", "FLOOR-A-2"], await BestSeatsAsync(harness, layout, 2, section: "FLOOR"));
    }

    [Fact]
    public async Task BestAvailableTakesAFrontBlockOverOneThatStrandsNoSeatFarBehind()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(floorRows: 20, seatsPerRow: 4));
        // Any 3 of a row's 4 free seats strand the fourth; rows E and T have exactly 3 free.
        await harness.HeldAsync(layout, "u1", "FLOOR-E-4", "FLOOR-T-4");

        // Row E lies within reach of row A, the first row that takes 3 seats: its block strands nothing.
        Assert.Equal(["FLOOR-E-1", "FLOOR-E-2", "FLOOR-E-3"], await BestSeatsAsync(harness, layout, 3, section: "FLOOR"));
        // Row T, 19 rows behind, is out of reach: row A's block wins, stranding seat 4.
        Assert.Equal(["FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3"], await BestSeatsAsync(harness, layout, 3, section: "FLOOR"));
    }

    [Fact]
    public async Task BestAvailableStrandsASeatOnlyWhenThereIsNoOtherChoice()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(5));
        await harness.HeldAsync(layout, "u1", "S-1-5");

        Assert.Equal(["S-1-1", "S-1-2", "S-1-3"], await BestSeatsAsync(harness, layout, 3));
    }

    [Fact]
    public async Task BestAvailableMayScatterSeatsOnlyWhenAdjacencyIsNotRequired()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(6));
        await harness.HeldAsync(layout, "u1", "S-1-3", "S-1-4");
        var before = await harness.Engine.GetAvailabilityAsync(layout.EventId);

        Assert.Equal(new HoldOutcome.NotEnoughSeats(3), await BestAsync(harness, layout, "u2", 3, adjacent: true));
        Assert.Equal(before, await harness.Engine.GetAvailabilityAsync(layout.EventId));
        Assert.Equal(["S-1-1", "S-1-2", "S-1-5"], await BestSeatsAsync(harness, layout, 3, adjacent: false));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BestAvailableFindsSeatsFreedInFrontRowsAfterTheHallFilledFrontFirst(bool rowsHavePositions)
    {
        // 70 rows of 4 (more than one page of rows): best available fills them front first and
        // then skips the full rows without reading them, until seats become free again. Freed
        // seats move the walks' start back to their row; an event loaded before rows had
        // positions (no 'row_at') restarts every walk at the front instead.
        var harness = NewHarness();
        var layout = await harness.LoadAsync(new EventLayout(Guid.NewGuid().ToString("D"), "EUR", 300, 8, 1000, 1,
            [new SectionLayout("S", "Stalls", 10m, [.. Enumerable.Range(1, 70).Select(row => new RowLayout($"{row}", 4))])]));
        if (!rowsHavePositions)
        {
            await Redis.GetDatabase().KeyDeleteAsync(EventKeys.RowAt(layout.EventId));
        }
        var holds = new List<HoldView>();
        for (var row = 1; row <= 70; row++)
        {
            var held = Assert.IsType<HoldOutcome.Held>(await BestAsync(harness, layout, "fan", 4)).Hold;
            Assert.Equal([$"S-{row}-1", $"S-{row}-2", $"S-{row}-3", $"S-{row}-4"], held.Seats.Select(seat => seat.Id));
            holds.Add(held);
        }

        Assert.Equal(new HoldOutcome.NotEnoughSeats(4), await BestAsync(harness, layout, "fan", 4));
        Assert.Equal(new HoldOutcome.NotEnoughSeats(1), await BestAsync(harness, layout, "fan", 1, adjacent: false));

        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(holds[2].HoldId, "fan"));
        Assert.Equal(["S-3-1", "S-3-2"], await BestSeatsAsync(harness, layout, 2));
        Assert.Equal(["S-3-3", "S-3-4"], await BestSeatsAsync(harness, layout, 2, adjacent: false));

        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(holds[65].HoldId, "fan"));
        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(holds[9].HoldId, "fan"));
        if (rowsHavePositions)
        {
            // Rows 1 and 2, full all along, are still skipped: the walk for 4 seats starts at row 3
            // (position 2), the front-most row freed since the last walk for 4, not at the front.
            Assert.EndsWith(":2", (string?)await Redis.GetDatabase().HashGetAsync(EventKeys.Meta(layout.EventId), "best_from_4"));
        }

        Assert.Equal(["S-10-1", "S-10-2", "S-10-3", "S-10-4"], await BestSeatsAsync(harness, layout, 4));
        Assert.Equal(["S-66-1", "S-66-2", "S-66-3", "S-66-4"], await BestSeatsAsync(harness, layout, 4));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task BestAvailableSkipsARowWhoseFreeSeatsAreApartUntilASeatFreedThereMakesABlock()
    {
        // Row 2 keeps free seats apart: enough by its count for a pair, but no pair. Walks for a
        // pair start after it (meta's best_from_2, a position in the rows list) once one has
        // found none there, and come back to it only when a seat freed there makes a pair.
        var harness = NewHarness();
        var layout = await harness.LoadAsync(new EventLayout(Guid.NewGuid().ToString("D"), "EUR", 300, 8, 1000, 1,
            [new SectionLayout("S", "Stalls", 10m, [.. Enumerable.Range(1, 10).Select(row => new RowLayout($"{row}", 5))])]));
        var holds = new List<HoldView>();
        for (var row = 1; row <= 10; row++)
        {
            holds.Add(Assert.IsType<HoldOutcome.Held>(await BestAsync(harness, layout, "fan", 5)).Hold);
        }

        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(holds[1].HoldId, "fan"));
        var fourth = await harness.HeldAsync(layout, "other", "S-2-4");
        var fifth = await harness.HeldAsync(layout, "other", "S-2-5");
        await harness.HeldAsync(layout, "other", "S-2-2");
        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(holds[6].HoldId, "fan"));
        async Task<string?> PairMarkAsync() => await Redis.GetDatabase().HashGetAsync(EventKeys.Meta(layout.EventId), "best_from_2");

        Assert.Equal(["S-7-1", "S-7-2"], await BestSeatsAsync(harness, layout, 2));
        Assert.EndsWith(":6", await PairMarkAsync());

        // Seats 1, 3 and 5 free: still no pair in row 2, so walks still start at row 7.
        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(fifth.HoldId, "other"));
        Assert.EndsWith(":6", await PairMarkAsync());

        // Seats 3 to 5 free: a pair, in front of row 7's seats.
        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(fourth.HoldId, "other"));
        Assert.EndsWith(":1", await PairMarkAsync());
        Assert.Equal(["S-2-3", "S-2-4"], await BestSeatsAsync(harness, layout, 2));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task BestAvailableKeepsEachEventsRowsApartAcrossMoreEventsThanRedisKeepsParsed()
    {
        // Redis keeps the rows of the last 16 events it walked parsed between calls; 20 events,
        // walked in turn twice over, each get seats of their own rows.
        var harness = NewHarness();
        var layouts = new List<EventLayout>();
        for (var i = 1; i <= 20; i++)
        {
            layouts.Add(await harness.LoadAsync(new EventLayout(Guid.NewGuid().ToString("D"), "EUR", 300, 8, 1000, 1,
                [new SectionLayout($"S{i}", "Stalls", 10m, [new RowLayout("1", i + 1)])])));
        }

        for (var round = 1; round <= 2; round++)
        {
            for (var i = 1; i <= 20; i++)
            {
                Assert.Equal([$"S{i}-1-{round}"], await BestSeatsAsync(harness, layouts[i - 1], 1));
            }
        }
    }

    [Fact]
    public async Task BestAvailableCountsSeatsOfElapsedHoldsAsFree()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, "u1", "c1", ["S-1-1", "S-1-2", "S-1-3", "S-1-4"], 10));
        harness.Clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(["S-1-1", "S-1-2", "S-1-3", "S-1-4"], await BestSeatsAsync(harness, layout, 4));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task BestAvailableEndsElapsedHoldsElsewhereInTheHallBeforeItChooses()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        await harness.HeldAsync(layout, "u1", [.. Enumerable.Range(1, 8).Select(number => $"FLOOR-A-{number}")]);
        var lapsing = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(layout.EventId, "u2", "c2", ["FLOOR-C-9", "FLOOR-C-10"], 10))).Hold;
        harness.Clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(["FLOOR-A-9", "FLOOR-A-10"], await BestSeatsAsync(harness, layout, 2));

        // The lapsed hold was ended by that call, not left for the sweep: the counters no longer count it.
        Assert.Equal(10, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.HeldSeats);
        Assert.Equal(HoldStatus.Expired, (await harness.Engine.GetHoldAsync(lapsing.HoldId, "u2"))!.Status);
        Assert.Equal(0, (await harness.Engine.ExpireDueAsync(layout.EventId)).ExpiredHolds);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task ARefusedBestAvailableCallPublishesTheLapsedHoldsItEndedAndKeepsTheCountersExact()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, "u1", "c1", ["S-1-1", "S-1-2"], 10));
        await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, "u3", "c3", ["S-1-4"], 120));
        harness.Clock.Advance(TimeSpan.FromSeconds(11));

        // S-1-4 is still held, so no four side by side: refused, after ending u1's lapsed hold.
        Assert.Equal(new HoldOutcome.NotEnoughSeats(4), await BestAsync(harness, layout, "u2", 4));

        var read = Assert.IsType<ChangeLogRead.Messages>(await harness.Engine.ReadChangesAsync(layout.EventId, 2, 100));
        var freed = Assert.Single(read.Items);
        Assert.Equal(3, freed.Version);
        Assert.Contains("{\"seat_id\":\"S-1-1\",\"status\":\"available\"}", freed.Json);
        Assert.Contains("{\"seat_id\":\"S-1-2\",\"status\":\"available\"}", freed.Json);
        var availability = (await harness.Engine.GetAvailabilityAsync(layout.EventId))!;
        Assert.Equal((3, 1, 3L), (availability.AvailableSeats, availability.HeldSeats, availability.Version));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task BestAvailableAppliesTheSameLimitsAsExplicitHolds()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxSeatsPerHold: 4, maxTicketsPerUser: 5));
        await harness.HeldAsync(layout, "u1", "FLOOR-C-1", "FLOOR-C-2");

        Assert.Equal(new HoldOutcome.TooManySeats(5, 4), await BestAsync(harness, layout, "u1", 5));
        Assert.Equal(new HoldOutcome.TicketLimitExceeded(5, 2), await BestAsync(harness, layout, "u1", 4));
        Assert.Equal(new HoldOutcome.NotEnoughSeats(4), await BestAsync(harness, layout, "u2", 4, section: "NOWHERE"));
    }
}
