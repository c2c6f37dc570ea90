using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Payments;

namespace Ticketing.Reconciler.Tests.Support;

/// <summary>Buys seats through the engine exactly as the Api's commit does: hold, begin payment, commit.</summary>
public static class Sales
{
    public static async Task<OrderRecord> BuyAsync(this IInventoryEngine engine, Guid eventId, string userId, params string[] seatIds)
    {
        var id = eventId.ToString("D");
        var held = Assert.IsType<HoldOutcome.Held>(
            await engine.HoldSeatsAsync(new HoldSeatsRequest(id, userId, Guid.NewGuid().ToString(), seatIds, null))).Hold;
        var key = $"pay-{Guid.NewGuid():N}";
        var paying = Assert.IsType<BeginPaymentOutcome.Ready>(await engine.BeginPaymentAsync(held.HoldId, userId, key, 60)).Hold;
        var tickets = paying.Seats.Select(seat =>
            new OrderTicket(EntityIds.NewTicketId(id), seat.Id, Guid.NewGuid().ToString("N")[..12].ToUpperInvariant(), seat.Price)).ToList();
        var commit = await engine.CommitAsync(new CommitRequest(
            id, held.HoldId, userId, paying.Fence, key, EntityIds.NewOrderId(id), $"txn_{Guid.NewGuid():N}", tickets));
        return Assert.IsType<CommitOutcome.Committed>(commit).Order;
    }

    /// <summary>
    /// An order shaped like <paramref name="order"/> but with ids of its own, for <paramref name="userId"/>
    /// on <paramref name="seatId"/>: an order the engine never made, to append to an outbox by hand.
    /// </summary>
    public static OrderRecord CopyWithNewIds(OrderRecord order, string userId, string key, string seatId)
    {
        var id = order.EventId;
        return order with
        {
            OrderId = EntityIds.NewOrderId(id),
            UserId = userId,
            ReservationId = EntityIds.NewHoldId(id),
            IdempotencyKey = key,
            PaymentTransactionId = $"txn_{key}",
            Tickets = [order.Tickets[0] with { TicketId = EntityIds.NewTicketId(id), SeatId = seatId }],
        };
    }

    /// <summary>Appends the order to its event's outbox stream as the commit script does, without selling a seat or waking a writer.</summary>
    public static Task AppendToOutboxAsync(this IDatabase redis, OrderRecord order) =>
        redis.ExecuteAsync("XADD", EventKeys.Outbox(order.EventId), "*",
            OrderCodec.OrderField, OrderCodec.Encode(order),
            OrderCodec.ConfirmedAtField, order.ConfirmedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>Seat ids of the harness layout: FLOOR-A-1, FLOOR-A-2, ...</summary>
    public static string Seat(string row, int number) => $"FLOOR-{row}-{number}";
}
