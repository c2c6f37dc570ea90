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

    /// <summary>The event's counters; null when the event is not loaded.</summary>
    Task<Availability?> GetAvailabilityAsync(string eventId, CancellationToken cancellationToken = default);
}
