using Ticketing.Persistence.Events;
using Ticketing.Scripts;
using Ticketing.Scripts.Lifecycle;

namespace Ticketing.Reconciler.Events;

/// <summary>
/// Opens scheduled sales whose time has come: PostgreSQL first (one UPDATE of every due event), then
/// each event's status in Redis. The hold scripts already let holds through from <c>opens_at</c> by
/// Redis' clock, so this only makes the status everyone reads say so; a late or failed run never
/// delays a sale, and a run that dies between the two writes is finished by the presence check,
/// which writes PostgreSQL's status back into Redis.
/// </summary>
public sealed class SaleOpener(IEventRepository events, IInventoryMaintenance engine, TimeProvider time, ILogger<SaleOpener> logger)
{
    public async Task<int> OpenDueAsync(CancellationToken cancellationToken)
    {
        var opened = await events.OpenDueSalesAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        foreach (var eventId in opened)
        {
            var record = await events.GetAsync(eventId, cancellationToken).ConfigureAwait(false);
            await engine.SetSaleAsync(eventId.ToString("D"), new SaleState(SaleStatuses.OnSale, record?.OpensAt), cancellationToken).ConfigureAwait(false);
            logger.LogInformation("The sale of event {EventId} opened", eventId);
        }

        return opened.Count;
    }
}
