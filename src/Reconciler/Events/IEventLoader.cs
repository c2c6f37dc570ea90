using Ticketing.Persistence.Events;

namespace Ticketing.Reconciler.Events;

/// <summary>Puts a stored event on sale in Redis: its layout, then every seat PostgreSQL says is sold.</summary>
public interface IEventLoader
{
    /// <summary>Loads the event into Redis when its keys are missing (also the rebuild after a Redis loss); true when it loaded.</summary>
    Task<bool> EnsureLoadedAsync(EventRecord record, CancellationToken cancellationToken = default);
}
