using Ticketing.Persistence.Events;
using Ticketing.Reconciler.Events;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// Makes sure every on-sale event is in Redis: loads the ones whose keys are missing (a new
/// process after a Redis loss, an event whose load was interrupted) from PostgreSQL.
/// </summary>
public sealed class EventPresenceChecker(IEventRepository events, IEventLoader loader, ILogger<EventPresenceChecker> logger)
{
    public async Task<int> LoadMissingAsync(CancellationToken cancellationToken)
    {
        var loaded = 0;
        foreach (var eventId in await events.ListOnSaleAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = await events.GetAsync(eventId, cancellationToken).ConfigureAwait(false);
            if (record is not null && await loader.EnsureLoadedAsync(record, cancellationToken).ConfigureAwait(false))
            {
                logger.LogWarning("Event {EventId} was missing from Redis and has been rebuilt from PostgreSQL", eventId);
                loaded++;
            }
        }

        return loaded;
    }
}
