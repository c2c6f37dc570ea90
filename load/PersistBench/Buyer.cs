using Ticketing.Scripts;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Payments;

namespace Ticketing.PersistBench;

/// <summary>Buys one seat through the engine the way the Api's commit does: hold, begin payment, commit.</summary>
internal sealed class Buyer(IInventoryEngine engine)
{
    public async Task<bool> BuyAsync(string eventId, string userId, string seatId)
    {
        if (await engine.HoldSeatsAsync(new HoldSeatsRequest(eventId, userId, Guid.NewGuid().ToString(), [seatId], null))
            is not HoldOutcome.Held { Hold: var hold })
        {
            return false;
        }

        var key = $"pay-{Guid.NewGuid():N}";
        if (await engine.BeginPaymentAsync(hold.HoldId, userId, key, 60) is not BeginPaymentOutcome.Ready { Hold: var paying })
        {
            return false;
        }

        var tickets = paying.Seats.Select(seat => new OrderTicket(EntityIds.NewTicketId(eventId), seat.Id, "BENCH", seat.Price)).ToList();
        return await engine.CommitAsync(new CommitRequest(eventId, hold.HoldId, userId, paying.Fence, key,
            EntityIds.NewOrderId(eventId), $"txn_{Guid.NewGuid():N}", tickets)) is CommitOutcome.Committed;
    }
}
