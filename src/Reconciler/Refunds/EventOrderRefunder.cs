using Ticketing.Persistence.Orders;
using Ticketing.Scripts;
using Ticketing.Scripts.Refunds;

namespace Ticketing.Reconciler.Refunds;

/// <summary>What one walk over a cancelled event's orders did.</summary>
/// <param name="Orders">Orders asked to refund (each at most once per store walked).</param>
/// <param name="TicketsRefunded">Tickets refunded by this walk; 0 on a re-run after a complete one.</param>
public sealed record EventRefundReport(int Orders, int TicketsRefunded);

/// <summary>
/// Refunds every order of a cancelled event: first the orders Redis keeps a record of (every order
/// of the last day, those not yet in PostgreSQL among them), then PostgreSQL's orders that still
/// have an active ticket, a page at a time by id. Each order goes through <see cref="IOrderRefunds"/>,
/// which skips what is refunded already, so a walk that died halfway is simply run again.
/// </summary>
public sealed class EventOrderRefunder(IInventoryRefunds engine, IOrderQueries orders, IOrderRefunds refunds, ILogger<EventOrderRefunder> logger)
{
    /// <summary>Orders read from PostgreSQL per page.</summary>
    public const int PageSize = 200;

    public async Task<EventRefundReport> RefundAllAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var (asked, refunded) = (0, 0);
        await foreach (var orderId in engine.OrderIdsAsync(eventId.ToString("D"), cancellationToken).ConfigureAwait(false))
        {
            refunded += Count(await refunds.RefundAsync(orderId, [], known: null, cancellationToken).ConfigureAwait(false));
            asked++;
        }

        var after = "";
        while (true)
        {
            var page = await orders.ListRefundableAsync(eventId, after, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var order in page)
            {
                refunded += Count(await refunds.RefundAsync(order.OrderId, [], order, cancellationToken).ConfigureAwait(false));
                asked++;
            }

            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1].OrderId;
        }

        logger.LogInformation("Event {EventId} cancelled: {Orders} orders walked, {Tickets} tickets refunded", eventId, asked, refunded);
        return new EventRefundReport(asked, refunded);
    }

    private static int Count(RefundOutcome outcome) => outcome is RefundOutcome.Refunded refunded ? refunded.RefundedNow : 0;
}
