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

    /// <summary>Seat ids of the harness layout: FLOOR-A-1, FLOOR-A-2, ...</summary>
    public static string Seat(string row, int number) => $"FLOOR-{row}-{number}";
}
