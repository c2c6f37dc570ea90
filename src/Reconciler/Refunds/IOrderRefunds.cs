using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Refunds;

namespace Ticketing.Reconciler.Refunds;

/// <summary>
/// Refunds tickets of an order end to end: the seats back on sale and the money back through the
/// payment gateway. Implemented where a gateway is configured (the Api's refund saga); processes
/// without one do not take the refund jobs (<see cref="RefundEventOrdersJob.Queue"/>).
/// </summary>
public interface IOrderRefunds
{
    /// <summary>
    /// Refunds the named tickets (none: every ticket not refunded yet). Safe to repeat: tickets
    /// refunded before are skipped, and every refund the order has had is asked of the gateway
    /// again under its own key, which completes one a crash interrupted and pays nothing twice.
    /// </summary>
    /// <param name="orderId">The order.</param>
    /// <param name="ticketIds">Tickets of the order; empty for all.</param>
    /// <param name="known">The order as PostgreSQL has it, for an order Redis no longer keeps; null if unknown.</param>
    /// <param name="cancellationToken">Honoured before the refund starts only.</param>
    Task<RefundOutcome> RefundAsync(string orderId, IReadOnlyCollection<string> ticketIds, OrderRecord? known, CancellationToken cancellationToken);
}
