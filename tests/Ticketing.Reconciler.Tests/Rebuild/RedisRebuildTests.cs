using Ticketing.Reconciler.Drift;
using Ticketing.Reconciler.Jobs;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.SeatMap;
using Ticketing.TestSupport;

namespace Ticketing.Reconciler.Tests.Rebuild;

/// <summary>Redis can be rebuilt from PostgreSQL alone (promise 6). Each test flushes a Redis of its own.</summary>
public sealed class RedisRebuildTests
{
    [Fact]
    public async Task AfterFlushallTheLoadJobRestoresLayoutsSoldSeatsAndCounters()
    {
        await using var redis = await RedisServer.StartAsync(appendFsync: "everysec");
        await using var harness = await ReconcilerHarness.StartAsync(redis);
        var first = await harness.CreateEventOnSaleAsync(rows: 3, seatsPerRow: 10);
        var second = await harness.CreateEventOnSaleAsync(rows: 1, seatsPerRow: 5);
        var sold = new Dictionary<string, string>();
        for (var i = 1; i <= 6; i++)
        {
            var order = await harness.Engine.BuyAsync(first.Id, $"u{i}", Sales.Seat("A", i), Sales.Seat("B", i));
            sold[Sales.Seat("A", i)] = sold[Sales.Seat("B", i)] = order.OrderId;
        }

        var secondOrder = await harness.Engine.BuyAsync(second.Id, "v1", Sales.Seat("A", 5));
        var writer = harness.Get<OutboxWriter>();
        await writer.DrainEventAsync(first.Id, CancellationToken.None);
        await writer.DrainEventAsync(second.Id, CancellationToken.None);

        await harness.Redis.ExecuteAsync("FLUSHALL");
        Assert.False(await harness.Engine.IsLoadedAsync(first.Id.ToString("D")));

        Assert.Equal(2, await harness.Get<EventPresenceChecker>().LoadMissingAsync(CancellationToken.None));

        var snapshot = (await harness.Engine.SnapshotAsync(first.Id.ToString("D")))!;
        var soldNow = snapshot.Seats.Where(s => s.Status == SeatStatus.Sold).ToDictionary(s => s.Seat.Id, s => s.OrderId);
        Assert.Equal(sold.OrderBy(p => p.Key), soldNow.OrderBy(p => p.Key)!);
        Assert.Equal(30, snapshot.Seats.Count);
        Assert.Equal(120.50m, snapshot.Seats[0].Seat.Price);
        var availability = (await harness.Engine.GetAvailabilityAsync(first.Id.ToString("D")))!;
        Assert.Equal((30, 18, 0, 12), (availability.TotalSeats, availability.AvailableSeats, availability.HeldSeats, availability.SoldSeats));
        var secondSold = Assert.Single((await harness.Engine.SnapshotAsync(second.Id.ToString("D")))!.Seats, s => s.Status == SeatStatus.Sold);
        Assert.Equal((Sales.Seat("A", 5), secondOrder.OrderId), (secondSold.Seat.Id, secondSold.OrderId));

        // New holds work, sold seats stay sold, and per-user limits count the rebuilt tickets.
        var id = first.Id.ToString("D");
        Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(id, "new-fan", "r1", [Sales.Seat("C", 1)], null)));
        var refused = Assert.IsType<HoldOutcome.SeatsUnavailable>(
            await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(id, "new-fan", "r2", [Sales.Seat("A", 1)], null)));
        Assert.Equal([Sales.Seat("A", 1)], refused.SeatIds);
        Assert.IsType<HoldOutcome.TicketLimitExceeded>(await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(id, "u1", "r3", [.. Enumerable.Range(1, 7).Select(n => Sales.Seat("C", n + 2))], null)));
        Assert.Empty((await harness.Get<IReconciliationRunner>().RunAsync("admin")).Repairs);
    }

    [Fact]
    public async Task ReconciliationRebuildsAnEventWhoseKeysAreGone()
    {
        await using var redis = await RedisServer.StartAsync(appendFsync: "everysec");
        await using var harness = await ReconcilerHarness.StartAsync(redis);
        var record = await harness.CreateEventOnSaleAsync();
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));
        await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);
        await harness.Redis.ExecuteAsync("FLUSHALL");

        var report = await harness.Get<IReconciliationRunner>().RunAsync("admin");

        var repair = Assert.Single(report.Repairs);
        Assert.Equal((RepairKinds.EventRebuilt, "missing", "loaded"), (repair.Kind, repair.Before, repair.After));
        Assert.Equal(order.OrderId, (await harness.Engine.SnapshotAsync(record.Id.ToString("D")))!.Seats.Single(s => s.Status == SeatStatus.Sold).OrderId);
    }
}
