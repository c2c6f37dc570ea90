using Ticketing.Persistence.Events;
using Ticketing.Reconciler.Events;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// Makes sure every event is in Redis: loads the ones whose keys are missing (a new process after
/// a Redis loss, an event whose load was interrupted) from PostgreSQL, and writes PostgreSQL's
/// lifecycle status back where Redis has another (an admin's change whose Redis write failed).
/// </summary>
public sealed class EventPresenceChecker(
    IEventRepository events, IEventLoader loader, Scripts.IInventoryEngine engine, ILogger<EventPresenceChecker> logger)
{
    public async Task<int> LoadMissingAsync(CancellationToken cancellationToken)
    {
        var loaded = 0;
        foreach (var eventId in await events.ListOnSaleAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = await events.GetAsync(eventId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                continue;
            }

            if (await loader.EnsureLoadedAsync(record, cancellationToken).ConfigureAwait(false))
            {
                logger.LogWarning("Event {EventId} was missing from Redis and has been rebuilt from PostgreSQL", eventId);
                loaded++;
            }
            else
            {
                await SyncSaleAsync(record, cancellationToken).ConfigureAwait(false);
            }
        }

        return loaded;
    }

    private async Task SyncSaleAsync(EventRecord record, CancellationToken cancellationToken)
    {
        var eventId = record.Id.ToString("D");
        var live = await engine.GetSaleAsync(eventId, cancellationToken).ConfigureAwait(false);
        // Redis keeps opens_at in whole milliseconds, PostgreSQL in microseconds.
        if (live is null || (live.Status == record.Status && live.OpensAt?.ToUnixTimeMilliseconds() == record.OpensAt?.ToUnixTimeMilliseconds()))
        {
            return;
        }

        await engine.SetSaleAsync(eventId, record.Sale, cancellationToken).ConfigureAwait(false);
        logger.LogWarning("Event {EventId} was {RedisStatus} in Redis and {Status} in PostgreSQL; Redis now follows PostgreSQL",
            eventId, live.Status, record.Status);
    }
}
