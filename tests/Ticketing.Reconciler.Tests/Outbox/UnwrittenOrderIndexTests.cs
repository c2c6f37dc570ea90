using Microsoft.Extensions.Time.Testing;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Outbox;

namespace Ticketing.Reconciler.Tests.Outbox;

/// <summary>
/// The per-buyer index of orders not yet in PostgreSQL (what <c>/me/orders</c> reads from Redis):
/// a buyer sees their own unwritten orders, each once, and the index empties as the outbox writer
/// persists them, also when a writer died mid-batch and another replayed it.
/// </summary>
public sealed class UnwrittenOrderIndexTests
{
    private const string Group = "reconciler";

    [Fact]
    public async Task ABuyerSeesTheirOwnUnwrittenOrdersOnceAndTheIndexEmptiesOncePersisted()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var buyer = $"buyer-{Guid.NewGuid():N}";
        var other = $"other-{Guid.NewGuid():N}";
        var first = await harness.Engine.BuyAsync(record.Id, buyer, Sales.Seat("A", 1));
        var second = await harness.Engine.BuyAsync(record.Id, buyer, Sales.Seat("A", 2), Sales.Seat("A", 3));
        var theirs = await harness.Engine.BuyAsync(record.Id, other, Sales.Seat("B", 1));

        Assert.Equal(new[] { first.OrderId, second.OrderId }.Order(), (await harness.Engine.UnwrittenOrdersOfUserAsync(buyer)).Select(order => order.OrderId).Order());
        Assert.Equal([theirs.OrderId], (await harness.Engine.UnwrittenOrdersOfUserAsync(other)).Select(order => order.OrderId));
        Assert.Equal(3, await IndexSizeAsync(harness, record.Id));

        await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);

        Assert.Empty(await harness.Engine.UnwrittenOrdersOfUserAsync(buyer));
        Assert.Empty(await harness.Engine.UnwrittenOrdersOfUserAsync(other));
        Assert.Equal(0, await IndexSizeAsync(harness, record.Id));
    }

    [Fact]
    public async Task TheIndexEmptiesWhenAWriterDiedMidBatchAndAnotherReplayedIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await ReconcilerHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Reconciler:Outbox:ClaimIdleSeconds"] = "30",
        }, time: time);
        var record = await harness.CreateEventOnSaleAsync();
        var buyer = $"buyer-{Guid.NewGuid():N}";
        var orders = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            orders.Add((await harness.Engine.BuyAsync(record.Id, buyer, Sales.Seat("A", i))).OrderId);
        }

        // A writer reads the batch, writes it to PostgreSQL and dies before acknowledging it.
        var outbox = harness.Get<IOrderOutbox>();
        var abandoned = await outbox.ReadNewBatchAsync(record.Id.ToString("D"), Group, "dead-consumer", 100);
        await harness.Get<OrderBatchWriter>().WriteAsync(record.Id, abandoned.Entries, abandoned.Malformed, CancellationToken.None);
        // Still listed from Redis until acknowledged; /me/orders shows PostgreSQL's copy instead of a second one.
        Assert.Equal(orders.Order(), (await harness.Engine.UnwrittenOrdersOfUserAsync(buyer)).Select(order => order.OrderId).Order());
        Assert.Equal(4, await IndexSizeAsync(harness, record.Id));

        // The entries go stale (Redis keeps their idle time; XCLAIM … IDLE sets it) and a survivor replays them.
        time.Advance(TimeSpan.FromSeconds(31));
        await harness.Redis.ExecuteAsync("XCLAIM", [EventKeys.Outbox(record.Id.ToString("D")), Group, "dead-consumer", 0,
            .. abandoned.AllEntryIds, "IDLE", 31_000, "JUSTID"]);
        Assert.Equal(4, await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None));

        Assert.Empty(await harness.Engine.UnwrittenOrdersOfUserAsync(buyer));
        Assert.Equal(0, await IndexSizeAsync(harness, record.Id));
        Assert.Equal(4, await harness.DataSource.CountAsync("SELECT count(*) FROM orders"));
    }

    private static Task<long> IndexSizeAsync(ReconcilerHarness harness, Guid eventId) =>
        harness.Redis.SortedSetLengthAsync(EventKeys.UnwrittenOrders(eventId.ToString("D")));
}
