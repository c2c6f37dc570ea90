using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Ticketing.Persistence.Ops;
using Ticketing.Reconciler.Drift;
using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Outbox;
using Ticketing.Scripts.Repair;
using Ticketing.Scripts.SeatMap;
using Ticketing.TestSupport;

namespace Ticketing.Reconciler.Tests.Drift;

/// <summary>Each drift rule of promise 6 produces its repair, recorded with the seat's state before and after.</summary>
public sealed class ReconciliationTests
{
    private const string Group = "reconciler";

    [Fact]
    public async Task SeatSoldInPostgresButAvailableInRedisIsMarkedSoldAgain()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var id = record.Id.ToString("D");
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 4));
        await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);
        await harness.Engine.RepairSeatsAsync(id, [new SeatRepair(Sales.Seat("A", 4), null, null)]);

        var report = await harness.Get<IReconciliationRunner>().RunAsync("admin");

        var repair = Assert.Single(report.Repairs);
        Assert.Equal((RepairKinds.SoldInPostgresOnly, Sales.Seat("A", 4), "available", $"sold:{order.OrderId}"),
            (repair.Kind, repair.SeatId, repair.Before, repair.After));
        Assert.Equal(SeatStatus.Sold, await SeatStatusAsync(harness, id, Sales.Seat("A", 4)));
        Assert.Equal(1, (await harness.Engine.GetAvailabilityAsync(id))!.SoldSeats);
        Assert.Empty((await harness.Get<IReconciliationRunner>().RunAsync("admin")).Repairs);
    }

    [Fact]
    public async Task SeatSoldInRedisWithNoRowAndNoOutboxEntryIsAlarmedAndItsOrderWritten()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var id = record.Id.ToString("D");
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("B", 2), Sales.Seat("B", 3));
        // The entry is lost: acknowledged without ever being written.
        var outbox = harness.Get<IOrderOutbox>();
        var lost = await outbox.ReadNewBatchAsync(id, Group, "faulty", 10);
        await outbox.AcknowledgeAsync(id, Group, lost.AllEntryIds);

        var report = await harness.Get<IReconciliationRunner>().RunAsync("admin");

        Assert.Equal([Sales.Seat("B", 2), Sales.Seat("B", 3)], report.Repairs.Select(r => r.SeatId).Order());
        Assert.All(report.Repairs, r => Assert.Equal(RepairKinds.SoldInRedisOnly, r.Kind));
        Assert.Equal(2, await harness.DataSource.CountAsync("SELECT count(*) FROM tickets WHERE order_id = @OrderId", order));
        var alarms = await harness.Get<IOpsQueries>().RecentAlarmsAsync();
        Assert.Equal(2, alarms.Count(a => a.Kind == AlarmKinds.SoldInRedisOnly && a.OrderId == order.OrderId));
        Assert.Empty((await harness.Get<IReconciliationRunner>().RunAsync("admin")).Repairs);
    }

    [Fact]
    public async Task SeatSoldInRedisWhoseOrderIsStillInTheOutboxIsLeftToTheWriter()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));

        var report = await harness.Get<IReconciliationRunner>().RunAsync("admin");

        Assert.Empty(report.Repairs);
        Assert.Equal(0, await harness.DataSource.CountAsync("SELECT count(*) FROM alarms"));
        Assert.Equal(0, await harness.DataSource.CountAsync("SELECT count(*) FROM orders"));
    }

    [Fact]
    public async Task SeatSoldInRedisToAnOrderNobodyKnowsIsFreedAndAlarmed()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var id = record.Id.ToString("D");
        var phantom = EntityIds.NewOrderId(id);
        await harness.Engine.RepairSeatsAsync(id, [new SeatRepair(Sales.Seat("A", 9), phantom, "ghost")]);

        var report = await harness.Get<IReconciliationRunner>().RunAsync("admin");

        var repair = Assert.Single(report.Repairs);
        Assert.Equal((RepairKinds.SoldInRedisOnly, $"sold:{phantom}", "available"), (repair.Kind, repair.Before, repair.After));
        Assert.Equal(SeatStatus.Available, await SeatStatusAsync(harness, id, Sales.Seat("A", 9)));
        Assert.Contains(await harness.Get<IOpsQueries>().RecentAlarmsAsync(), a => a.Kind == AlarmKinds.SoldInRedisOnly && a.SeatId == Sales.Seat("A", 9));
    }

    [Fact]
    public async Task DriftChecksDuringALiveSaleRepairNothing()
    {
        // A sale moves seats between a check's read of Redis and its reads of the live holds and of
        // PostgreSQL: holds released or committed in between (every run here meets some), and
        // commits the writer has written in between (when it is quick enough). That is the sale,
        // not drift: the checks must neither repair nor report it.
        await using var harness = await ReconcilerHarness.StartAsync();
        await harness.StartBackgroundServicesAsync();
        var record = await harness.CreateEventOnSaleAsync(rows: 8, seatsPerRow: 50, maxTicketsPerUser: 1000);
        var id = record.Id.ToString("D");
        using var stop = new CancellationTokenSource();
        var sold = 0;
        var buyers = Enumerable.Range(0, 8).Select(b => Task.Run(async () =>
        {
            // Each row: seats 1-40 bought one by one, a hold taken and released on 41-50 between them.
            var row = ((char)('A' + b)).ToString();
            for (var turn = 0; !stop.IsCancellationRequested; turn++)
            {
                if (turn % 2 == 0 && turn / 2 < 40)
                {
                    await harness.Engine.BuyAsync(record.Id, $"buyer-{b}", Sales.Seat(row, 1 + (turn / 2)));
                    Interlocked.Increment(ref sold);
                    continue;
                }

                var seat = Sales.Seat(row, 41 + (turn % 10));
                var held = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(
                    new HoldSeatsRequest(id, $"browser-{b}", Guid.NewGuid().ToString(), [seat], null))).Hold;
                Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(held.HoldId, $"browser-{b}"));
            }
        })).ToList();

        var repairs = new List<Repair>();
        var runner = harness.Get<IReconciliationRunner>();
        for (var run = 0; run < 15; run++)
        {
            repairs.AddRange((await runner.RunAsync("admin")).Repairs);
        }

        await stop.CancelAsync();
        await Task.WhenAll(buyers);
        Assert.Empty(repairs.Select(r => $"{r.Kind} {r.SeatId}: {r.Before} -> {r.After}"));
        Assert.Equal(sold, (await harness.Engine.GetAvailabilityAsync(id))!.SoldSeats);
    }

    [Fact]
    public async Task HoldStuckPastItsExpiryIsReleasedOnceTheSweepIsOverdue()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await ReconcilerHarness.StartAsync(time: time);
        var record = await harness.CreateEventOnSaleAsync();
        var id = record.Id.ToString("D");
        var hold = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(id, "u1", Guid.NewGuid().ToString(), [Sales.Seat("A", 5), Sales.Seat("A", 6)], TtlSeconds: 5))).Hold;
        // No sweeper runs in this test: the hold outlives its expiry in Redis.
        await Eventually.HoldsAsync(async () =>
            (await harness.Engine.GetHoldAsync(hold.HoldId, null))?.Status == HoldStatus.Expired, TimeSpan.FromSeconds(30));
        var runner = harness.Get<IReconciliationRunner>();

        // Within the promised 5 s the elapsed hold is the sweep's to end: not drift, left alone.
        time.SetUtcNow(hold.ExpiresAt.AddSeconds(4));
        Assert.Empty((await runner.RunAsync("admin")).Repairs);
        Assert.Equal(2, (await harness.Engine.GetAvailabilityAsync(id))!.HeldSeats);

        time.SetUtcNow(hold.ExpiresAt.AddSeconds(6));
        var report = await runner.RunAsync("admin");

        // One repair per stuck seat, each naming the elapsed hold it was released from.
        Assert.Equal(
            [(RepairKinds.StuckHoldReleased, Sales.Seat("A", 5), $"held:{hold.HoldId}", "available"),
             (RepairKinds.StuckHoldReleased, Sales.Seat("A", 6), $"held:{hold.HoldId}", "available")],
            report.Repairs.Select(r => (r.Kind, r.SeatId, r.Before, r.After)).OrderBy(r => r.SeatId));
        var availability = await harness.Engine.GetAvailabilityAsync(id);
        Assert.Equal((0, 20), (availability!.HeldSeats, availability.AvailableSeats));
    }

    [Fact]
    public async Task LiveHoldsAreTrustedFromTheExpiryIndexNotReadOneByOne()
    {
        // Its own server: the test counts the scripts Redis runs during one reconcile.
        await using var redis = await RedisServer.StartAsync(appendFsync: "no");
        // The stuck hold is reported as soon as it elapses: the grace has its own test above.
        await using var harness = await ReconcilerHarness.StartAsync(redis, new Dictionary<string, string?> { ["Reconciler:Jobs:StuckHoldGraceSeconds"] = "0" });
        var record = await harness.CreateEventOnSaleAsync(rows: 20, seatsPerRow: 30, maxTicketsPerUser: 2);
        var id = record.Id.ToString("D");
        var liveHolds = 0;
        foreach (var row in Enumerable.Range(0, 20))
        {
            foreach (var seat in Enumerable.Range(1, 15))
            {
                var seatId = Sales.Seat(((char)('A' + row)).ToString(), seat);
                Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(id, $"fan-{row}-{seat}", Guid.NewGuid().ToString(), [seatId], null)));
                liveHolds++;
            }
        }

        var stuck = Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(id, "late", Guid.NewGuid().ToString(), [Sales.Seat("A", 30)], TtlSeconds: 5))).Hold;
        await Eventually.HoldsAsync(async () =>
            (await harness.Engine.GetHoldAsync(stuck.HoldId, null))?.Status == HoldStatus.Expired, TimeSpan.FromSeconds(30));
        using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var scriptsBefore = await ScriptRunsAsync(server);

        var report = await harness.Get<IReconciliationRunner>().RunAsync("admin");

        // The elapsed hold is found and released; the live ones are left alone, unread.
        Assert.Equal([(RepairKinds.StuckHoldReleased, Sales.Seat("A", 30))], report.Repairs.Select(r => (r.Kind, r.SeatId)));
        Assert.Equal(liveHolds, (await harness.Engine.GetAvailabilityAsync(id))!.HeldSeats);
        // Before, every live hold cost one script run: 300 here, 25,000 in a large hall.
        Assert.InRange(await ScriptRunsAsync(server) - scriptsBefore, 1, 20);
    }

    [Fact]
    public async Task EveryRunAndItsRepairsAreRecordedForTheOpsDashboard()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var id = record.Id.ToString("D");
        await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 2));
        await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);
        await harness.Engine.RepairSeatsAsync(id, [new SeatRepair(Sales.Seat("A", 2), null, null)]);

        var report = await harness.Get<IReconciliationRunner>().RunAsync("admin");

        var ops = harness.Get<IOpsQueries>();
        var run = Assert.Single(await ops.RecentRunsAsync());
        Assert.Equal((report.RunId, "admin", 1, 1, (string?)null), (run.Id, run.Trigger, run.EventsChecked, run.Repairs, run.Error));
        var repair = Assert.Single(await ops.RecentRepairsAsync());
        Assert.Equal((report.RunId, Sales.Seat("A", 2), "available"), (repair.RunId, repair.SeatId, repair.Before));
    }

    private static async Task<long> ScriptRunsAsync(IServer server) =>
        (await server.InfoAsync("commandstats")).SelectMany(group => group)
            .Where(pair => pair.Key is "cmdstat_fcall" or "cmdstat_evalsha")
            .Select(pair => long.Parse(pair.Value.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture))
            .Sum();

    private static async Task<SeatStatus> SeatStatusAsync(ReconcilerHarness harness, string eventId, string seatId) =>
        (await harness.Engine.SnapshotAsync(eventId))!.Seats.Single(s => s.Seat.Id == seatId).Status;
}
