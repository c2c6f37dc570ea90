using Ticketing.Scripts.Feeds;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Outbox;
using Ticketing.Scripts.Refunds;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task RefundingAWholeOrderPutsItsSeatsBackOnSaleAndRecordsTheRefund()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "S-1-1", "S-1-2"), "k1");
        var version = (await harness.Engine.GetVersionAsync(layout.EventId))!.Value;

        var refunded = Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(order.OrderId, []));

        Assert.Equal(2, refunded.RefundedNow);
        Assert.Equal(version + 1, refunded.Version);
        Assert.Equal(OrderStatuses.Refunded, refunded.Order.CurrentStatus);
        Assert.All(refunded.Order.Tickets, ticket => Assert.True(ticket.IsRefunded));
        var refund = Assert.Single(refunded.Order.Refunds!);
        Assert.Equal(1, refund.Number);
        Assert.Equal(order.Tickets.Select(t => t.TicketId).Order(), refund.TicketIds.Order());
        Assert.Equal(SeatStatus.Available, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "S-1-1"));
        Assert.Equal(SeatStatus.Available, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "S-1-2"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);

        // The change reaches the feeds like any seat change, and the order record keeps the refund.
        var changes = Assert.IsType<ChangeLogRead.Messages>(await harness.Engine.ReadChangesAsync(layout.EventId, version, 10));
        Assert.Contains("\"status\":\"available\"", Assert.Single(changes.Items).Json, StringComparison.Ordinal);
        Assert.Equal(OrderStatuses.Refunded, (await harness.Engine.GetOrderAsync(order.OrderId))!.CurrentStatus);

        // The seats sell again, and the buyer's own limit counts them no more.
        await harness.CommittedAsync(await harness.HeldAsync(layout, "u2", "S-1-1"), "k2");
        await harness.HeldAsync(layout, "u1", "S-1-2", "S-1-3", "S-1-4");
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task ARefundAppendsOneCancellationEntryToTheOutboxAndARepeatAppendsNothing()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "S-1-1", "S-1-2"), "k1");
        var first = order.Tickets.Single(t => t.SeatId == "S-1-1").TicketId;

        var partial = Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(order.OrderId, [first]));
        var repeat = Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(order.OrderId, [first]));

        Assert.Equal((1, 0), (partial.RefundedNow, repeat.RefundedNow));
        Assert.Equal(OrderStatuses.PartiallyRefunded, repeat.Order.CurrentStatus);
        Assert.Equal(OrderCodec.Encode(partial.Order), OrderCodec.Encode(repeat.Order));
        Assert.Equal(SeatStatus.Sold, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "S-1-2"));
        var entries = await OutboxEntriesAsync(layout.EventId);
        Assert.Equal(2, entries.Count);
        var cancellation = entries[1].ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal(OutboxKinds.Cancellation, cancellation[OutboxKinds.KindField]);
        Assert.Equal(order.OrderId, cancellation[OutboxKinds.OrderIdField]);
        Assert.Equal(OrderStatuses.PartiallyRefunded, OrderCodec.Decode(cancellation[OrderCodec.OrderField], cancellation[OutboxKinds.OrderConfirmedAtField]).Status);

        var rest = Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(order.OrderId, []));
        Assert.Equal(1, rest.RefundedNow);
        Assert.Equal([1, 2], rest.Order.Refunds!.Select(r => r.Number));
        Assert.Equal(OrderStatuses.Refunded, rest.Order.CurrentStatus);
        Assert.Equal(3, (await OutboxEntriesAsync(layout.EventId)).Count);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task ARefundNamingATicketOfAnotherOrderRefundsNothing()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        var mine = await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "S-1-1"), "k1");
        var theirs = await harness.CommittedAsync(await harness.HeldAsync(layout, "u2", "S-1-2"), "k2");

        var refused = Assert.IsType<RefundOutcome.TicketsNotInOrder>(
            await harness.Engine.RefundTicketsAsync(mine.OrderId, [mine.Tickets[0].TicketId, theirs.Tickets[0].TicketId]));

        Assert.Equal([theirs.Tickets[0].TicketId], refused.TicketIds);
        Assert.Equal(SeatStatus.Sold, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "S-1-1"));
        Assert.IsType<RefundOutcome.NotFound>(await harness.Engine.RefundTicketsAsync("ord_nonsense", []));
        Assert.IsType<RefundOutcome.NotFound>(await harness.Engine.RefundTicketsAsync(Keys.EntityIds.NewOrderId(layout.EventId), []));
    }

    [Fact]
    public async Task AnOrderRedisNoLongerKeepsIsRefundedFromTheRecordTheCallerKnows()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(2));
        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "S-1-1"), "k1");
        await Redis.GetDatabase().HashDeleteAsync(Keys.EventKeys.Orders(layout.EventId), order.OrderId);

        Assert.IsType<RefundOutcome.NotFound>(await harness.Engine.RefundTicketsAsync(order.OrderId, []));
        var refunded = Assert.IsType<RefundOutcome.Refunded>(await harness.Engine.RefundTicketsAsync(order.OrderId, [], order));

        Assert.Equal(1, refunded.RefundedNow);
        Assert.Equal(order.ConfirmedAt, refunded.Order.ConfirmedAt);
        Assert.Equal(SeatStatus.Available, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "S-1-1"));
        Assert.Equal(OrderStatuses.Refunded, (await harness.Engine.GetOrderAsync(order.OrderId))!.CurrentStatus);
    }

    [Fact]
    public async Task RefundsRacingHoldsOfTheSameSeatsNeverLeaveASeatWithTwoOwners()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(10));
        for (var round = 0; round < 20; round++)
        {
            var seat = $"S-1-{round % 10 + 1}";
            var order = await harness.CommittedAsync(await harness.HeldAsync(layout, $"buyer{round}", seat), $"k{round}");
            var refund = harness.Engine.RefundTicketsAsync(order.OrderId, []);
            var holds = Enumerable.Range(0, 4).Select(i => harness.Engine.HoldSeatsAsync(
                new HoldSeatsRequest(layout.EventId, $"rival{round}-{i}", $"c{round}-{i}", [seat], null))).ToList();
            await Task.WhenAll([refund, .. holds]);

            Assert.IsType<RefundOutcome.Refunded>(await refund);
            var won = holds.Select(h => h.Result).OfType<HoldOutcome.Held>().ToList();
            Assert.True(won.Count <= 1, $"round {round}: {won.Count} holds of one seat");
            foreach (var held in won)
            {
                await harness.Engine.ReleaseAsync(held.Hold.HoldId, held.Hold.UserId);
            }

            await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
        }
    }
}
