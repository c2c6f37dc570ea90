using Ticketing.Scripts.Blocks;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task BlockedSeatsReadBlockedAndCannotBeHeldUntilUnblocked()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));

        var blocked = Assert.IsType<BlockOutcome.Blocked>(await harness.Engine.BlockSeatsAsync(layout.EventId, ["S-1-1", "S-1-2"], "camera"));
        Assert.Equal(1, blocked.Version);

        var statuses = await harness.Engine.SeatStatusesAsync(layout.EventId);
        Assert.Equal([SeatStatus.Blocked, SeatStatus.Blocked, SeatStatus.Available, SeatStatus.Available], statuses!.Seats.Select(seat => seat.Status));
        Assert.Equal(SeatStatus.Blocked, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "S-1-1"));
        var availability = await harness.Engine.GetAvailabilityAsync(layout.EventId);
        Assert.Equal((2, 2), (availability!.AvailableSeats, availability.BlockedSeats));
        Assert.Equal(["S-1-2"], Assert.IsType<HoldOutcome.SeatsUnavailable>(await harness.HoldAsync(layout, "u1", "S-1-2", "S-1-3")).SeatIds);
        Assert.IsType<HoldOutcome.NotEnoughSeats>(await harness.Engine.HoldBestAvailableAsync(
            new HoldBestAvailableRequest(layout.EventId, "u1", "c-best", 3, null, false, null)));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);

        var unblocked = Assert.IsType<UnblockOutcome.Unblocked>(await harness.Engine.UnblockSeatsAsync(layout.EventId, blocked.BlockId));
        Assert.Equal((2, 2L), (unblocked.SeatsReturned, unblocked.Version));
        Assert.IsType<UnblockOutcome.NotFound>(await harness.Engine.UnblockSeatsAsync(layout.EventId, blocked.BlockId));
        await harness.HeldAsync(layout, "u1", "S-1-1", "S-1-2");
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task ABlockOverAHeldSoldOrBlockedSeatBlocksNothing()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(6));
        await harness.HeldAsync(layout, "u1", "S-1-1");
        await harness.CommittedAsync(await harness.HeldAsync(layout, "u2", "S-1-2"), "sold");
        Assert.IsType<BlockOutcome.Blocked>(await harness.Engine.BlockSeatsAsync(layout.EventId, ["S-1-3"], ""));
        var version = (await harness.Engine.GetVersionAsync(layout.EventId))!.Value;

        var refused = Assert.IsType<BlockOutcome.SeatsUnavailable>(
            await harness.Engine.BlockSeatsAsync(layout.EventId, ["S-1-1", "S-1-2", "S-1-3", "S-1-4"], "kill"));

        Assert.Equal(["S-1-1", "S-1-2", "S-1-3"], refused.SeatIds);
        Assert.Equal(SeatStatus.Available, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "S-1-4"));
        Assert.Equal(version, await harness.Engine.GetVersionAsync(layout.EventId));
        Assert.Equal(["S-1-9"], Assert.IsType<BlockOutcome.UnknownSeats>(await harness.Engine.BlockSeatsAsync(layout.EventId, ["S-1-4", "S-1-9"], "")).SeatIds);
        Assert.Equal(["S-1-4"], Assert.IsType<BlockOutcome.DuplicateSeats>(await harness.Engine.BlockSeatsAsync(layout.EventId, ["S-1-4", "S-1-4"], "")).SeatIds);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task ABlockTakesSeatsWhoseHoldHasElapsed()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, "u1", "c1", ["S-1-1", "S-1-2"], 10)));
        harness.Clock.Advance(TimeSpan.FromSeconds(11));

        Assert.IsType<BlockOutcome.Blocked>(await harness.Engine.BlockSeatsAsync(layout.EventId, ["S-1-1"], "sound desk"));

        Assert.Equal(SeatStatus.Available, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "S-1-2"));
        Assert.Empty(await harness.Engine.LiveHoldIdsAsync(layout.EventId));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task RepairingABlockedSeatTakesItOutOfItsBlock()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(3));
        var block = Assert.IsType<BlockOutcome.Blocked>(await harness.Engine.BlockSeatsAsync(layout.EventId, ["S-1-1", "S-1-2"], ""));

        var result = await harness.Engine.RepairSeatsAsync(layout.EventId, [new Repair.SeatRepair("S-1-1", "ord_x", "u9")]);
        Assert.Equal("blocked:" + block.BlockId, Assert.Single(result.Changes).Before);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);

        Assert.Equal(1, Assert.IsType<UnblockOutcome.Unblocked>(await harness.Engine.UnblockSeatsAsync(layout.EventId, block.BlockId)).SeatsReturned);
        Assert.Equal(SeatStatus.Sold, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "S-1-1"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task BlocksRacingHoldsOnTheSameSeatsNeverLeaveASeatBothBlockedAndHeld()
    {
        const int Requests = 1_000;
        var harness = NewHarness();
        var layout = await harness.LoadAsync(new EventLayout(Guid.NewGuid().ToString("D"), "USD", 300, 4, 1_000, 1,
            [new SectionLayout("S", "S", 25m, [.. Enumerable.Range(1, 4).Select(row => new RowLayout(row.ToString(System.Globalization.CultureInfo.InvariantCulture), 20))])]));
        var seatIds = layout.Seats().Select(seat => seat.Id).ToArray();
        var random = new Random(20_261_129);
        var picks = Enumerable.Range(0, Requests).Select(_ => seatIds.OrderBy(_ => random.Next()).Take(random.Next(2, 5)).ToArray()).ToArray();

        using var start = new SemaphoreSlim(0);
        var running = picks.Select(async (seats, i) =>
        {
            await start.WaitAsync();
            if (i % 2 == 0)
            {
                var block = await harness.Engine.BlockSeatsAsync(layout.EventId, seats, "race");
                return (seats, owner: block is BlockOutcome.Blocked blocked ? "b|" + blocked.BlockId : null, refused: block is BlockOutcome.SeatsUnavailable);
            }

            var hold = await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, $"user-{i}", $"c-{i}", seats, null));
            return (seats, owner: hold is HoldOutcome.Held held ? "h|" + held.Hold.HoldId : null, refused: hold is HoldOutcome.SeatsUnavailable);
        }).ToArray();
        start.Release(Requests);
        var results = await Task.WhenAll(running);

        Assert.All(results, result => Assert.True(result.owner is not null || result.refused));
        Assert.Contains(results, result => result.owner?.StartsWith("b|", StringComparison.Ordinal) == true);
        Assert.Contains(results, result => result.owner?.StartsWith("h|", StringComparison.Ordinal) == true);
        var owners = new Dictionary<string, string>();
        foreach (var (seats, owner, _) in results.Where(result => result.owner is not null))
        {
            foreach (var seat in seats)
            {
                Assert.True(owners.TryAdd(seat, owner!), $"seat {seat} was given to two blocks or holds");
            }
        }

        var redisSeats = await EngineAssertions.RawSeatsAsync(Redis, layout.EventId);
        Assert.Equal(owners.OrderBy(o => o.Key), redisSeats.Where(seat => seat.Value != "a").OrderBy(seat => seat.Key));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }
}
