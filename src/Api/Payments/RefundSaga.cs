using System.Security.Cryptography;
using System.Text;
using Ticketing.Reconciler.Refunds;
using Ticketing.Scripts;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Refunds;

namespace Ticketing.Api.Payments;

/// <summary>
/// Refund as a saga whose every step can be repeated:
/// <list type="number">
/// <item>refund_tickets.lua, in one run: the seats are available again, the tickets refunded in the
/// order record, the refund recorded there (its tickets), and a cancellation entry on the outbox;</item>
/// <item>the gateway gives the money back for every refund the order record holds, each under a key
/// made from the charge's key and the refund's tickets, so the gateway pays each refund once.</item>
/// </list>
/// Why this order: the record of the refund in Redis is what makes the payment step repeatable, so
/// it comes first. A crash between the two leaves tickets refunded and seats on sale but the money
/// not yet returned; nothing is lost, because any repeat (the buyer's retry, an admin's, the event
/// cancellation job) finds the refund in the record and asks the gateway again. The other order
/// (money first) could leave a buyer refunded and still holding valid tickets, with nothing on
/// record to find the refund by.
/// </summary>
/// <remarks>
/// REVIEW: a refund whose gateway call failed is completed only when someone repeats the
/// cancellation; a sweep over refunds the gateway has not confirmed would remove that reliance.
/// The refund's Redis write does not wait for a replica as commits can (Redis:CommitReplicas).
/// </remarks>
public sealed class RefundSaga(IInventoryRefunds engine, IPaymentGateway gateway, ILogger<RefundSaga> logger) : IOrderRefunds
{
    /// <inheritdoc />
    public async Task<RefundOutcome> RefundAsync(string orderId, IReadOnlyCollection<string> ticketIds, OrderRecord? known, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var outcome = await engine.RefundTicketsAsync(orderId, ticketIds, known, CancellationToken.None).ConfigureAwait(false);
        if (outcome is RefundOutcome.Refunded refunded)
        {
            await PayBackAsync(refunded.Order).ConfigureAwait(false);
            if (refunded.RefundedNow > 0)
            {
                logger.LogInformation("Order {OrderId}: {Count} tickets refunded", orderId, refunded.RefundedNow);
            }
        }

        return outcome;
    }

    /// <summary>The key the checkout charged the order under (CheckoutSaga: the hold id and the commit's idempotency key).</summary>
    public static string ChargeKeyOf(OrderRecord order) => $"{order.ReservationId}:{order.IdempotencyKey}";

    /// <summary>The gateway key of one refund: its tickets identify it, since a ticket is refunded once.</summary>
    public static string RefundKeyOf(OrderRecord order, OrderRefund refund) =>
        ChargeKeyOf(order) + ":refund:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', refund.TicketIds.Order(StringComparer.Ordinal)))))[..24];

    // Every refund again, not only a new one: this is what completes a refund a crash interrupted.
    // Not cancellable: the seats are already back on sale, the money must follow.
    private async Task PayBackAsync(OrderRecord order)
    {
        var prices = order.Tickets.ToDictionary(ticket => ticket.TicketId, ticket => ticket.Price, StringComparer.Ordinal);
        foreach (var refund in order.Refunds ?? [])
        {
            var amount = refund.TicketIds.Sum(ticket => prices.GetValueOrDefault(ticket));
            await gateway.RefundAsync(new PaymentRefund(ChargeKeyOf(order), RefundKeyOf(order, refund), amount), CancellationToken.None).ConfigureAwait(false);
        }
    }
}
