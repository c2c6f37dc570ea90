using Ticketing.Reconciler.Jobs;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.SeatMap;
using Ticketing.TestSupport;

namespace Ticketing.Reconciler.Tests.Jobs;

/// <summary>The hold-expiry sweep as the job server runs it: promise 3 in real time, on the shipped schedule; and one sweep over a backlog.</summary>
public sealed class HoldExpirySweepJobTests
{
    [Fact]
    public async Task ASeatHeldByAnExpiredHoldIsAvailableAgainWithinFiveSecondsOfTheExpiry()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync(holdTtlSeconds: 5);
        var eventId = record.Id.ToString("D");
        // The shipped sweep schedule (every 2 s); the other jobs are kept out of the way.
        var elsewhere = $"{(DateTime.UtcNow.Minute + 30) % 60} * * * *";
        using var worker = WorkerProcess.Start("sweeper", harness, new Dictionary<string, string>
        {
            ["Reconciler:Outbox:Enabled"] = "false",
            ["Reconciler:Jobs:ServerName"] = "sweeper",
            ["Reconciler:Jobs:ReconcileCron"] = elsewhere,
            ["Reconciler:Jobs:LoadEventsCron"] = elsewhere,
        });
        await Eventually.HoldsAsync(async () => await harness.DataSource.CountAsync(
            "SELECT count(*) FROM job_executions WHERE job_name = 'expire-holds'") >= 1,
            TimeSpan.FromSeconds(60), $"the sweep never ran:\n{worker.RecentOutput}");

        // The shortest hold there is (5 s, a real one: the worker's clock and Redis' cannot be faked from here).
        var hold = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(eventId, "sweep-user", Guid.NewGuid().ToString(), ["FLOOR-A-1"], 5))).Hold;
        Assert.Equal(SeatStatus.Held, await StatusAsync(harness, eventId, "FLOOR-A-1"));

        await Eventually.HoldsAsync(async () => await StatusAsync(harness, eventId, "FLOOR-A-1") == SeatStatus.Available,
            TimeSpan.FromSeconds(30), $"the seat stayed held:\n{worker.RecentOutput}");
        var seenAvailableAt = DateTimeOffset.UtcNow;

        Assert.True(seenAvailableAt <= hold.ExpiresAt.AddSeconds(5),
            $"the seat was held {(seenAvailableAt - hold.ExpiresAt).TotalSeconds:0.0} s past its expiry");
    }

    [Fact]
    public async Task OneSweepEndsABacklogOfHoldsThatFellDueTogetherInBatches()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync(rows: 12, seatsPerRow: 100, holdTtlSeconds: 5);
        var eventId = record.Id.ToString("D");
        var seats = Enumerable.Range(0, 12).SelectMany(row => Enumerable.Range(1, 100).Select(seat => Sales.Seat(RowName(row), seat))).ToList();
        // More holds than one batch ends, made together so that they fall due together.
        var holds = new System.Collections.Concurrent.ConcurrentBag<HoldView>();
        await Parallel.ForEachAsync(seats, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (seat, _) =>
            holds.Add(Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(
                new HoldSeatsRequest(eventId, $"fan-{seat}", Guid.NewGuid().ToString(), [seat], 5))).Hold));
        var last = holds.MaxBy(hold => hold.ExpiresAt)!;
        await Eventually.HoldsAsync(async () => (await harness.Engine.GetHoldAsync(last.HoldId, null))?.Status == HoldStatus.Expired,
            TimeSpan.FromSeconds(30));

        var released = await harness.Get<HoldExpirySweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(1_200, released);
        Assert.Empty(await harness.Engine.LiveHoldIdsAsync(eventId));
        var availability = (await harness.Engine.GetAvailabilityAsync(eventId))!;
        Assert.Equal((0, 1_200), (availability.HeldSeats, availability.AvailableSeats));
    }

    private static string RowName(int index) => ((char)('A' + index)).ToString();

    private static async Task<SeatStatus> StatusAsync(ReconcilerHarness harness, string eventId, string seatId)
    {
        var statuses = await harness.Engine.SeatStatusesAsync(eventId);
        return Assert.Single(statuses!.Seats, seat => seat.Seat.Id == seatId).Status;
    }
}
