using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Execution;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Orders;

namespace Ticketing.Scripts.Refunds;

/// <summary>Typed wrapper of refund_tickets.lua.</summary>
internal sealed class RefundScript(ScriptRunner runner)
{
    public async Task<RefundOutcome> RefundAsync(string orderId, IReadOnlyCollection<string> ticketIds, OrderRecord? known)
    {
        if (!EntityIds.TryGetEventId(orderId, EntityIds.OrderPrefix, out var eventId))
        {
            return new RefundOutcome.NotFound();
        }

        var fallback = known is null || known.OrderId != orderId
            ? ""
            : known.ConfirmedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "|" + OrderCodec.Encode(known);
        RedisValue[] arguments = [orderId, fallback, .. ticketIds.Select(id => (RedisValue)id)];
        var reply = Reply.Of(EngineScripts.RefundTickets, await runner.RunAsync(EngineScripts.RefundTickets, eventId, arguments).ConfigureAwait(false));
        return reply.Status switch
        {
            "refunded" => new RefundOutcome.Refunded(StoredOrder.Decode(reply.String(1)), (int)reply.Long(2), reply.Long(3)),
            "not_in_order" => new RefundOutcome.TicketsNotInOrder(reply.Strings(1)),
            "not_found" or "no_event" => new RefundOutcome.NotFound(),
            _ => throw reply.Unexpected(),
        };
    }
}
