using Ticketing.Persistence.Orders;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Refunds;

namespace Ticketing.Reconciler.Tests.Orders;

public sealed class OrderQueriesTests
{
    [Fact]
    public async Task OrderNotYetWrittenIsReadFromTheEngineAsNotPersisted()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 3));

        var stored = await harness.Get<IOrderQueries>().GetAsync(order.OrderId);

        Assert.NotNull(stored);
        Assert.False(stored.Persisted);
        Assert.Equal(order.OrderId, stored.Order.OrderId);
        Assert.Equal([Sales.Seat("A", 3)], stored.Order.Tickets.Select(t => t.SeatId));
    }

    [Fact]
    public async Task WrittenOrderIsReadFromPostgresExactlyAsCommitted()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1), Sales.Seat("A", 2));
        await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);

        var stored = await harness.Get<IOrderQueries>().GetAsync(order.OrderId);

        Assert.NotNull(stored);
        Assert.True(stored.Persisted);
        Assert.Equal(order with { Tickets = [] }, stored.Order with { Tickets = [] });
        Assert.Equal(order.Tickets.OrderBy(t => t.SeatId), stored.Order.Tickets.OrderBy(t => t.SeatId));
    }

    [Fact]
    public async Task UnknownAndForgedOrderIdsAreNotFound()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var queries = harness.Get<IOrderQueries>();

        Assert.Null(await queries.GetAsync(EntityIds.NewOrderId(Guid.NewGuid().ToString("D"))));
        Assert.Null(await queries.GetAsync("ord_not-a-real-id"));
        Assert.Null(await queries.GetAsync("'; DROP TABLE orders; --"));
    }

    [Fact]
    public async Task AnOrderRefundedBeforeItIsWrittenIsListedRefunded()
    {
        // The listing finds an unwritten order by its outbox entry, which holds the order as
        // committed; the refund since then is in the engine's order record, as for one order.
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var buyer = $"buyer-{Guid.NewGuid():N}";
        var order = await harness.Engine.BuyAsync(record.Id, buyer, Sales.Seat("A", 1));
        Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(order.OrderId, []));

        var listed = Assert.Single(await harness.Get<IOrderQueries>().ListForUserAsync(buyer));

        Assert.False(listed.Persisted);
        Assert.Equal(OrderStatuses.Refunded, listed.Order.CurrentStatus);
        Assert.All(listed.Order.Tickets, ticket => Assert.True(ticket.IsRefunded));
        // The same answer as the order read alone.
        Assert.Equal((await harness.Get<IOrderQueries>().GetAsync(order.OrderId))!.Order.Tickets, listed.Order.Tickets);
    }

    [Fact]
    public async Task UserSeesOnlyTheirOwnWrittenOrdersNewestFirst()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var first = await harness.Engine.BuyAsync(record.Id, "alice", Sales.Seat("A", 1));
        await harness.Engine.BuyAsync(record.Id, "bob", Sales.Seat("A", 2));
        await Task.Delay(5); // distinct confirmation times (millisecond clock) make "newest first" well defined
        var second = await harness.Engine.BuyAsync(record.Id, "alice", Sales.Seat("B", 1));
        await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);

        var orders = await harness.Get<IOrderQueries>().ListForUserAsync("alice");

        Assert.Equal([second.OrderId, first.OrderId], orders.Select(o => o.Order.OrderId));
        Assert.All(orders, o => Assert.True(o.Persisted));
    }
}
