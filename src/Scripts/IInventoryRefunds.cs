using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Refunds;

namespace Ticketing.Scripts;

/// <summary>
/// Giving sold tickets back: what order cancellation and event cancellation do to the inventory.
/// The rules common to every façade are on <see cref="IInventoryEngine"/>.
/// </summary>
public interface IInventoryRefunds
{
    /// <summary>
    /// Refunds the named tickets of the order (none named: every ticket not refunded yet) in one
    /// script run: their seats become available, the order record marks them refunded and records
    /// the refund, and a cancellation entry goes on the outbox. Tickets refunded before are skipped,
    /// so a repeat changes nothing and answers the order as it stands.
    /// </summary>
    /// <param name="orderId">The order.</param>
    /// <param name="ticketIds">Tickets of the order to refund; empty for all.</param>
    /// <param name="known">
    /// The order as PostgreSQL has it, or null: used only when Redis no longer keeps the order's
    /// record (it is purged a day after the commit, with its hold's).
    /// </param>
    /// <param name="cancellationToken">Not observed once the script is sent.</param>
    Task<RefundOutcome> RefundTicketsAsync(string orderId, IReadOnlyCollection<string> ticketIds, OrderRecord? known = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The ids of the event's orders Redis keeps a record of (every order of the last day, written
    /// to PostgreSQL or not), read a page at a time (HSCAN): a walk may miss or repeat an order
    /// committed while it runs.
    /// </summary>
    IAsyncEnumerable<string> OrderIdsAsync(string eventId, CancellationToken cancellationToken = default);
}
