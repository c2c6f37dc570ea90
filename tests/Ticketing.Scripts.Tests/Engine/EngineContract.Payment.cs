using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    /// <summary>The outbox entries as the Reconciler would read them: field names and values.</summary>
    private async Task<List<(string Name, string Value)[]>> OutboxEntriesAsync(string eventId)
    {
        var entries = (RedisResult[])(await Redis.GetDatabase().ScriptEvaluateAsync(
            "return redis.call('XRANGE', KEYS[1], '-', '+')", [EventKeys.Outbox(eventId)]))!;
        return [.. entries.Select(entry =>
        {
            var fields = (RedisResult[])((RedisResult[])entry!)[1]!;
            return fields.Chunk(2).Select(pair => ((string)pair[0]!, (string)pair[1]!)).ToArray();
        })];
    }

    [Fact]
    public async Task BeginPaymentCoversThePaymentWindowSoTheHoldCannotExpireOrBeReleased()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, "u1", "c1", ["FLOOR-A-1"], 10));
        var held = Assert.IsType<HoldOutcome.Held>(hold).Hold;

        var ready = Assert.IsType<BeginPaymentOutcome.Ready>(await harness.Engine.BeginPaymentAsync(held.HoldId, "u1", "pay-1", 120));

        Assert.Equal(HoldStatus.Paying, ready.Hold.Status);
        Assert.True(ready.Hold.Fence > held.Fence);
        Assert.True(ready.Hold.ExpiresAt >= held.ExpiresAt.AddSeconds(100));
        harness.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(new ExpireOutcome(0, 0), await harness.Engine.ExpireDueAsync(layout.EventId));
        Assert.IsType<HoldOutcome.SeatsUnavailable>(await harness.HoldAsync(layout, "u2", "FLOOR-A-1"));
        Assert.Equal(new ReleaseOutcome.NotHeld(HoldStatus.Paying), await harness.Engine.ReleaseAsync(held.HoldId, "u1"));
    }

    [Fact]
    public async Task BeginPaymentRetriedWithTheSameKeyAnswersTheSameFenceAndRefusesOtherKeys()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1");
        var first = await harness.PayingAsync(hold, "pay-1");

        var retry = Assert.IsType<BeginPaymentOutcome.Ready>(await harness.Engine.BeginPaymentAsync(hold.HoldId, "u1", "pay-1", 60));
        var other = await harness.Engine.BeginPaymentAsync(hold.HoldId, "u1", "pay-2", 60);

        Assert.Equal(first.Fence, retry.Hold.Fence);
        Assert.Equal(new BeginPaymentOutcome.NotHeld(HoldStatus.Paying), other);
        Assert.IsType<BeginPaymentOutcome.NotFound>(await harness.Engine.BeginPaymentAsync(hold.HoldId, "u2", "pay-1", 60));
    }

    [Fact]
    public async Task CommitSellsTheSeatsAndAppendsExactlyOneOutboxEntry()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "BALCONY-B-6");
        var paying = await harness.PayingAsync(hold, "pay-1");
        var request = EngineHarness.CommitOf(paying, "pay-1");
        var before = DateTimeOffset.UtcNow;

        var committed = Assert.IsType<CommitOutcome.Committed>(await harness.Engine.CommitAsync(request));

        Assert.False(committed.Replayed);
        var order = committed.Order;
        Assert.Equal((request.OrderId, layout.EventId, "u1", hold.HoldId, "pay-1", 149.99m, "USD", "txn-pay-1"),
            (order.OrderId, order.EventId, order.UserId, order.ReservationId, order.IdempotencyKey, order.TotalAmount, order.Currency, order.PaymentTransactionId));
        Assert.Equal(request.Tickets, order.Tickets);
        Assert.InRange(order.ConfirmedAt, before.AddMinutes(-1), before.AddMinutes(1));
        Assert.Equal(SeatStatus.Sold, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-A-1"));
        var view = await harness.Engine.GetHoldAsync(hold.HoldId, "u1");
        Assert.Equal((HoldStatus.Committed, order.OrderId), (view!.Status, view.OrderId));
        var stored = await harness.Engine.GetOrderAsync(order.OrderId);
        Assert.Equal((order.OrderId, order.ConfirmedAt), (stored!.OrderId, stored.ConfirmedAt));

        var entry = Assert.Single(await OutboxEntriesAsync(layout.EventId));
        Assert.Equal([OrderCodec.OrderField, OrderCodec.ConfirmedAtField], entry.Select(field => field.Name));
        var decoded = OrderCodec.Decode(entry[0].Value, entry[1].Value);
        Assert.Equal((order.OrderId, order.TotalAmount, order.ConfirmedAt), (decoded.OrderId, decoded.TotalAmount, decoded.ConfirmedAt));
        Assert.Equal(order.ConfirmedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), entry[1].Value);
        var availability = await harness.Engine.GetAvailabilityAsync(layout.EventId);
        Assert.Equal((0, 2), (availability!.HeldSeats, availability.SoldSeats));
    }

    [Fact]
    public async Task CommitWithTheSameKeyReplaysTheOrderAndSellsOnce()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1");
        var paying = await harness.PayingAsync(hold, "pay-1");
        var request = EngineHarness.CommitOf(paying, "pay-1");
        var first = Assert.IsType<CommitOutcome.Committed>(await harness.Engine.CommitAsync(request));

        var again = Assert.IsType<CommitOutcome.Committed>(await harness.Engine.CommitAsync(request with { OrderId = EntityIds.NewOrderId(layout.EventId) }));
        var begin = Assert.IsType<BeginPaymentOutcome.AlreadyCommitted>(await harness.Engine.BeginPaymentAsync(hold.HoldId, "u1", "pay-1", 60));
        var otherKey = await harness.Engine.CommitAsync(request with { IdempotencyKey = "pay-2" });

        Assert.True(again.Replayed);
        Assert.Equal(first.Order.OrderId, again.Order.OrderId);
        Assert.Equal(first.Order.OrderId, begin.Order.OrderId);
        Assert.Equal(new CommitOutcome.NotHeld(HoldStatus.Committed), otherKey);
        Assert.Equal(new BeginPaymentOutcome.NotHeld(HoldStatus.Committed), await harness.Engine.BeginPaymentAsync(hold.HoldId, "u1", "pay-2", 60));
        Assert.Single(await OutboxEntriesAsync(layout.EventId));
        Assert.Equal(1, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.SoldSeats);
    }

    [Fact]
    public async Task CommitAcceptsOnlyTheFenceAndKeyOfTheCurrentPayment()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1");

        Assert.Equal(new CommitOutcome.NotHeld(HoldStatus.Held), await harness.Engine.CommitAsync(EngineHarness.CommitOf(hold, "pay-1")));
        var paying = await harness.PayingAsync(hold, "pay-1");
        Assert.True(await harness.Engine.AbandonPaymentAsync(hold.HoldId, "u1", paying.Fence));
        var repaying = await harness.PayingAsync(hold, "pay-1");

        var stale = await harness.Engine.CommitAsync(EngineHarness.CommitOf(paying, "pay-1"));
        var wrongKey = await harness.Engine.CommitAsync(EngineHarness.CommitOf(repaying, "pay-1") with { IdempotencyKey = "pay-9" });

        Assert.Equal(new CommitOutcome.NotHeld(HoldStatus.Paying), stale);
        Assert.Equal(new CommitOutcome.NotHeld(HoldStatus.Paying), wrongKey);
        Assert.IsType<CommitOutcome.Committed>(await harness.Engine.CommitAsync(EngineHarness.CommitOf(repaying, "pay-1")));
        Assert.IsType<CommitOutcome.NotFound>(await harness.Engine.CommitAsync(EngineHarness.CommitOf(repaying, "pay-1") with { UserId = "u2" }));
        Assert.Empty((await OutboxEntriesAsync(layout.EventId)).Skip(1));
    }

    [Fact]
    public async Task CommitAfterThePaymentWindowRanOutAnswersExpired()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1");
        var paying = await harness.PayingAsync(hold, "pay-1");
        harness.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.IsType<CommitOutcome.Expired>(await harness.Engine.CommitAsync(EngineHarness.CommitOf(paying, "pay-1")));

        Assert.Equal(SeatStatus.Available, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-A-1"));
        Assert.Empty(await OutboxEntriesAsync(layout.EventId));
        Assert.IsType<BeginPaymentOutcome.Expired>(await harness.Engine.BeginPaymentAsync(hold.HoldId, "u1", "pay-1", 60));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task AbandonedPaymentReturnsTheHoldToHeldWithItsOwnExpiry()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1");
        var paying = await harness.PayingAsync(hold, "pay-1");

        Assert.False(await harness.Engine.AbandonPaymentAsync(hold.HoldId, "u1", paying.Fence - 1));
        Assert.False(await harness.Engine.AbandonPaymentAsync(hold.HoldId, "u2", paying.Fence));
        Assert.True(await harness.Engine.AbandonPaymentAsync(hold.HoldId, "u1", paying.Fence));
        Assert.False(await harness.Engine.AbandonPaymentAsync(hold.HoldId, "u1", paying.Fence));

        var view = await harness.Engine.GetHoldAsync(hold.HoldId, "u1");
        Assert.Equal((HoldStatus.Held, hold.ExpiresAt), (view!.Status, view.ExpiresAt));
        Assert.IsType<ReleaseOutcome.Released>(await harness.Engine.ReleaseAsync(hold.HoldId, "u1"));
    }

    [Fact]
    public async Task CommitRefusesTicketsThatDoNotMatchTheHold()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var paying = await harness.PayingAsync(await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2"), "pay-1");
        var request = EngineHarness.CommitOf(paying, "pay-1");

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Engine.CommitAsync(request with { Tickets = request.Tickets.Take(1).ToList() }));
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Engine.CommitAsync(request with
        {
            Tickets = [.. request.Tickets.Select(ticket => ticket with { Price = 1m })],
        }));

        Assert.Equal(0, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.SoldSeats);
        Assert.IsType<CommitOutcome.Committed>(await harness.Engine.CommitAsync(request));
    }

    [Fact]
    public async Task UserIdsAreOpaqueEvenWithSeparatorCharacters()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        const string User = "auth0|user 42\u00e9";

        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, User, "FLOOR-A-1"), "k1");

        Assert.Equal(User, order.UserId);
        Assert.Equal(SeatStatus.Sold, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-A-1"));
        Assert.Equal(order.OrderId, (await harness.Engine.SnapshotAsync(layout.EventId))!.Seats.Single(seat => seat.Seat.Id == "FLOOR-A-1").OrderId);
    }
}
