using Ticketing.Reconciler.Drift;
using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Outbox;
using Ticketing.Scripts.Refunds;

namespace Ticketing.Reconciler.Tests.Outbox;

/// <summary>Refunds reach PostgreSQL through the outbox: tickets, orders and payments follow, once.</summary>
public sealed class CancellationWriterTests
{
    private const string Group = "reconciler";

    [Fact]
    public async Task APartialThenAFullRefundMoveTicketsOrderAndPaymentInPostgres()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1), Sales.Seat("A", 2));
        var writer = harness.Get<OutboxWriter>();
        await writer.DrainEventAsync(record.Id, CancellationToken.None);
        var first = order.Tickets.Single(t => t.SeatId == Sales.Seat("A", 1));

        Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(order.OrderId, [first.TicketId]));
        Assert.Equal(1, await writer.DrainEventAsync(record.Id, CancellationToken.None));

        Assert.Equal(["partially_refunded"], await harness.DataSource.QueryListAsync<string>("SELECT status FROM orders WHERE id = @OrderId", order));
        Assert.Equal([("partially_refunded", first.Price)], await harness.DataSource.QueryListAsync<(string, decimal)>(
            "SELECT status, refunded_amount FROM payments WHERE order_id = @OrderId", order));
        Assert.Equal([(Sales.Seat("A", 1), "refunded"), (Sales.Seat("A", 2), "active")], await harness.DataSource.QueryListAsync<(string, string)>(
            "SELECT seat_id, status FROM tickets WHERE order_id = @OrderId ORDER BY seat_id", order));

        Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(order.OrderId, []));
        Assert.Equal(1, await writer.DrainEventAsync(record.Id, CancellationToken.None));

        Assert.Equal(["refunded"], await harness.DataSource.QueryListAsync<string>("SELECT status FROM orders WHERE id = @OrderId", order));
        Assert.Equal([("refunded", order.TotalAmount)], await harness.DataSource.QueryListAsync<(string, decimal)>(
            "SELECT status, refunded_amount FROM payments WHERE order_id = @OrderId", order));
        Assert.Equal(0, await harness.DataSource.CountAsync("SELECT count(*) FROM tickets WHERE order_id = @OrderId AND status = 'active'", order));
        Assert.Empty(await harness.Get<IOpsQueries>().RecentAlarmsAsync());
    }

    [Fact]
    public async Task ARefundedSeatSoldAgainInTheSameBatchIsWrittenWithoutAConflictAndReplaysChangeNothing()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var seat = Sales.Seat("B", 3);
        // The order, its refund and the second sale of the seat all reach the writer in one batch.
        var refunded = await harness.Engine.BuyAsync(record.Id, "u1", seat);
        Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(refunded.OrderId, []));
        var resold = await harness.Engine.BuyAsync(record.Id, "u2", seat);
        var entries = await harness.Redis.StreamRangeAsync(EventKeys.Outbox(record.Id.ToString("D")));

        Assert.Equal(3, await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None));

        Assert.Equal([(resold.OrderId, "active"), (refunded.OrderId, "refunded")], await harness.DataSource.QueryListAsync<(string, string)>(
            "SELECT order_id, status FROM tickets WHERE seat_id = @seat ORDER BY status", new { seat }));
        Assert.Equal(["confirmed", "refunded"], await harness.DataSource.QueryListAsync<string>(
            "SELECT status FROM orders WHERE event_id = @Id ORDER BY status", record));
        Assert.Empty(await harness.Get<IOpsQueries>().RecentAlarmsAsync());

        // Every entry again, as a writer that died before acknowledging would see them.
        foreach (var entry in entries)
        {
            await harness.Redis.StreamAddAsync(EventKeys.Outbox(record.Id.ToString("D")), entry.Values);
        }

        Assert.Equal(3, await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None));
        Assert.Equal(2, await harness.DataSource.CountAsync("SELECT count(*) FROM tickets WHERE seat_id = @seat", new { seat }));
        Assert.Equal(["confirmed", "refunded"], await harness.DataSource.QueryListAsync<string>(
            "SELECT status FROM orders WHERE event_id = @Id ORDER BY status", record));
        Assert.Empty(await harness.Get<IOpsQueries>().RecentAlarmsAsync());
    }

    [Fact]
    public async Task ASeatSoldAndRefundedSeveralTimesInOneBatchEndsWithOneActiveTicketAndNoAlarm()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var seat = Sales.Seat("A", 4);
        var first = await harness.Engine.BuyAsync(record.Id, "u1", seat);
        await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);
        Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(first.OrderId, []));
        var second = await harness.Engine.BuyAsync(record.Id, "u2", seat);
        Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(second.OrderId, []));
        var third = await harness.Engine.BuyAsync(record.Id, "u3", seat);

        Assert.Equal(4, await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None));

        Assert.Equal([(third.OrderId, "active"), (first.OrderId, "refunded"), (second.OrderId, "refunded")],
            (await harness.DataSource.QueryListAsync<(string, string)>("SELECT order_id, status FROM tickets WHERE seat_id = @seat", new { seat }))
                .OrderBy(t => t.Item2, StringComparer.Ordinal).ThenBy(t => t.Item1 == first.OrderId ? 0 : 1).ToList());
        Assert.Equal(["confirmed", "refunded", "refunded"], await harness.DataSource.QueryListAsync<string>(
            "SELECT status FROM orders WHERE event_id = @Id ORDER BY status", record));
        Assert.Empty(await harness.Get<IOpsQueries>().RecentAlarmsAsync());
    }

    [Fact]
    public async Task ASaleWrittenBeforeTheRefundThatFreedItsSeatWaitsForTheRefund()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var id = record.Id.ToString("D");
        var seat = Sales.Seat("A", 7);
        var first = await harness.Engine.BuyAsync(record.Id, "u1", seat);
        await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None);
        Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(first.OrderId, []));
        var second = await harness.Engine.BuyAsync(record.Id, "u2", seat);

        // A writer takes the refund and dies with it; another reads the new sale first.
        var outbox = harness.Get<IOrderOutbox>();
        var refund = await outbox.ReadNewBatchAsync(id, Group, "dead-consumer", 1);
        Assert.Single(refund.Records);
        var sale = await outbox.ReadNewBatchAsync(id, Group, "live-consumer", 10);
        await Assert.ThrowsAsync<OutboxOrderException>(() => harness.Get<OrderBatchWriter>().WriteAsync(record.Id, sale, CancellationToken.None));
        Assert.Equal(0, await harness.DataSource.CountAsync("SELECT count(*) FROM orders WHERE id = @OrderId", second));

        // Once the refund is written, the sale goes in with its ticket, and nobody is alarmed.
        await harness.Get<OrderBatchWriter>().WriteAsync(record.Id, refund, CancellationToken.None);
        await outbox.AcknowledgeAsync(id, Group, refund.AllEntryIds);
        await harness.Get<OrderBatchWriter>().WriteAsync(record.Id, sale, CancellationToken.None);

        Assert.Equal([(second.OrderId, "active"), (first.OrderId, "refunded")], await harness.DataSource.QueryListAsync<(string, string)>(
            "SELECT order_id, status FROM tickets WHERE seat_id = @seat ORDER BY status", new { seat }));
        Assert.Empty(await harness.Get<IOpsQueries>().RecentAlarmsAsync());
    }

    [Fact]
    public async Task ARefundWrittenBeforeItsOrderWritesTheOrderAndTheOrderEntryIsThenSkipped()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var id = record.Id.ToString("D");
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1), Sales.Seat("A", 2));
        Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(order.OrderId, [order.Tickets[0].TicketId]));
        var outbox = harness.Get<IOrderOutbox>();
        var orderEntry = await outbox.ReadNewBatchAsync(id, Group, "slow-consumer", 1);
        var refundEntry = await outbox.ReadNewBatchAsync(id, Group, "fast-consumer", 1);

        await harness.Get<OrderBatchWriter>().WriteAsync(record.Id, refundEntry, CancellationToken.None);
        var late = await harness.Get<OrderBatchWriter>().WriteAsync(record.Id, orderEntry, CancellationToken.None);

        Assert.Equal(1, late.AlreadyWritten);
        Assert.Equal(["partially_refunded"], await harness.DataSource.QueryListAsync<string>("SELECT status FROM orders WHERE id = @OrderId", order));
        Assert.Equal(1, await harness.DataSource.CountAsync("SELECT count(*) FROM tickets WHERE order_id = @OrderId AND status = 'refunded'", order));
        Assert.Equal(1, await harness.DataSource.CountAsync("SELECT count(*) FROM payments WHERE order_id = @OrderId AND status = 'partially_refunded'", order));
    }

    [Fact]
    public async Task ASeatRefundedInRedisButNotYetInPostgresIsNotDrift()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 3));
        var writer = harness.Get<OutboxWriter>();
        await writer.DrainEventAsync(record.Id, CancellationToken.None);
        Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(order.OrderId, []));

        Assert.Empty((await harness.Get<IReconciliationRunner>().RunAsync("admin")).Repairs);

        await writer.DrainEventAsync(record.Id, CancellationToken.None);
        Assert.Empty((await harness.Get<IReconciliationRunner>().RunAsync("admin")).Repairs);
        Assert.Equal(0, (await harness.Engine.GetAvailabilityAsync(record.Id.ToString("D")))!.SoldSeats);
    }
}
