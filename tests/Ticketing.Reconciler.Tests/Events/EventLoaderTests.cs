using Ticketing.Reconciler.Events;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Reconciler.Tests.Events;

public sealed class EventLoaderTests
{
    [Fact]
    public async Task LoadedEventIsOnSaleWithEverySeatAvailable()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync(rows: 2, seatsPerRow: 10);

        var availability = await harness.Engine.GetAvailabilityAsync(record.Id.ToString("D"));

        Assert.NotNull(availability);
        Assert.Equal((20, 20, 0, 0), (availability.TotalSeats, availability.AvailableSeats, availability.HeldSeats, availability.SoldSeats));
        Assert.False(await harness.Get<IEventLoader>().EnsureLoadedAsync(record));
    }

    [Fact]
    public async Task LoadingAnEventMissingFromRedisMarksTheSeatsPostgresSold()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1), Sales.Seat("A", 2));
        await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);
        await DeleteEventKeysAsync(harness, record.Id);
        Assert.False(await harness.Engine.IsLoadedAsync(record.Id.ToString("D")));

        Assert.True(await harness.Get<IEventLoader>().EnsureLoadedAsync(record));

        var snapshot = await harness.Engine.SnapshotAsync(record.Id.ToString("D"));
        Assert.NotNull(snapshot);
        var sold = snapshot.Seats.Where(s => s.Status == SeatStatus.Sold).ToList();
        Assert.Equal([Sales.Seat("A", 1), Sales.Seat("A", 2)], sold.Select(s => s.Seat.Id).Order());
        Assert.All(sold, s => Assert.Equal(order.OrderId, s.OrderId));
    }

    [Fact]
    public async Task LoadingAnEventMissingFromRedisPricesTheSeatsAgainAsPostgresKeepsThem()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var eventId = record.Id.ToString("D");
        Scripts.Pricing.SeatPrice[] prices = [new(Sales.Seat("A", 1), 7.50m), new(Sales.Seat("A", 3), 7.50m)];
        Assert.IsType<Scripts.Pricing.RepriceOutcome.Repriced>(await harness.Engine.RepriceSeatsAsync(eventId, prices));
        await harness.Get<Ticketing.Persistence.Events.IEventRepository>().SetSeatPricesAsync(record.Id, [.. prices.Select(price => (price.SeatId, price.Price))]);
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));
        await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);
        var before = (await harness.Engine.GetPricesVersionAsync(eventId))!.Value;
        await DeleteEventKeysAsync(harness, record.Id);

        Assert.True(await harness.Get<IEventLoader>().EnsureLoadedAsync(record));

        // The stored prices apply before the sold seat is marked, so the sold seat does not refuse them.
        var seatPrices = await harness.Engine.GetSeatPricesAsync(eventId);
        Assert.Equal(7.50m, seatPrices!.Overrides[Sales.Seat("A", 3)]);
        Assert.Equal(7.50m, seatPrices.Overrides[Sales.Seat("A", 1)]);
        Assert.True(seatPrices.PricesVersion > before);
        var snapshot = await harness.Engine.SnapshotAsync(eventId);
        Assert.Equal(order.OrderId, snapshot!.Seats.Single(seat => seat.Seat.Id == Sales.Seat("A", 1)).OrderId);
    }

    /// <summary>Deletes every key of the event (the whole hash-tagged family), as a Redis loss would.</summary>
    internal static async Task DeleteEventKeysAsync(ReconcilerHarness harness, Guid eventId)
    {
        var tag = Scripts.Keys.EventKeys.Tag(eventId.ToString("D"));
        var keys = (StackExchange.Redis.RedisResult[])(await harness.Redis.ExecuteAsync("KEYS", $"{tag}*"))!;
        foreach (var key in keys)
        {
            await harness.Redis.KeyDeleteAsync((string)key!);
        }

        await harness.Redis.SetRemoveAsync(Scripts.Keys.EventKeys.OnSaleEvents, eventId.ToString("D"));
    }
}
