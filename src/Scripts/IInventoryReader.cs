using Ticketing.Scripts.Feeds;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Scripts;

/// <summary>
/// Read-only views of an event's seats for seat maps and availability, as buyers and operators
/// see them. The rules common to every façade are on <see cref="IInventoryEngine"/>.
/// </summary>
public interface IInventoryReader
{
    /// <summary>True when the event's keys are in Redis.</summary>
    Task<bool> IsLoadedAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every seat's status (as buyers see it) and the event's version, read in one script run from
    /// the event's status string, one byte per seat: the read for seat maps. It costs Redis about
    /// a GET of that string, where <see cref="SnapshotAsync"/> reads the whole seats hash. Null
    /// when the event is not loaded.
    /// </summary>
    Task<SeatStatusMap?> SeatStatusesAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>Every seat with its state and the event's version, read in one script run; null when the event is not loaded.</summary>
    Task<SeatMapSnapshot?> SnapshotAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>The event's lifecycle status as the hold scripts see it; null when the event is not loaded.</summary>
    Task<Lifecycle.SaleState?> GetSaleAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>The event's counters; null when the event is not loaded.</summary>
    Task<Availability?> GetAvailabilityAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The seats priced apart from their section (changed by <see cref="IInventoryMaintenance.RepriceSeatsAsync"/>)
    /// with the event's prices version; null when the event is not loaded.
    /// </summary>
    Task<Pricing.SeatPrices?> GetSeatPricesAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The event's prices version (one HMGET): 0 until its first reprice, then increased by every
    /// reprice (also across reloads of the event), so a cached view that shows prices knows whether it is still current. Null when not loaded.
    /// </summary>
    Task<long?> GetPricesVersionAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The event's version (one HGET): it increases with every seat change, so a reader that cached
    /// something built at this version knows whether it is still current. Null when not loaded.
    /// </summary>
    Task<long?> GetVersionAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The change messages after <paramref name="afterVersion"/> up to the event's current version,
    /// from the event's capped change log, or <see cref="ChangeLogRead.TooOld"/> when the log no
    /// longer holds all of them (or more than <paramref name="maxMessages"/> are missing): the
    /// reader then starts again from a seat map.
    /// </summary>
    Task<ChangeLogRead> ReadChangesAsync(string eventId, long afterVersion, int maxMessages, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onMessage"/> with every change message of the event from now on, one
    /// at a time in publish order, until the returned handle is disposed. Pub/sub is fire and
    /// forget: a message published while the connection reconnects is not repeated, so a caller
    /// that sees a version skip fills the hole with <see cref="ReadChangesAsync"/>.
    /// </summary>
    Task<IAsyncDisposable> SubscribeToChangesAsync(string eventId, Func<SeatChangeMessage, Task> onMessage, CancellationToken cancellationToken = default);
}
