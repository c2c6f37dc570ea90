using Ticketing.Scripts.Blocks;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Lifecycle;
using Ticketing.Scripts.Pricing;
using Ticketing.Scripts.Repair;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Scripts;

/// <summary>
/// What the jobs do to the inventory: load an event, expire elapsed holds, read every seat for
/// drift checks and repair seats. The rules common to every façade are on <see cref="IInventoryEngine"/>.
/// </summary>
public interface IInventoryMaintenance
{
    /// <summary>Loads an event's layout and limits into Redis and marks it on sale. Loading an event that is already loaded changes nothing and answers false.</summary>
    /// <exception cref="ArgumentException">The layout is invalid: no seats, a repeated seat id, fractions of a cent, limits out of range.</exception>
    Task<bool> LoadEventAsync(EventLayout layout, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="LoadEventAsync(EventLayout, CancellationToken)"/>, with the event's lifecycle
    /// status written in the same script run as the seats, so no hold lands before it applies.
    /// An event already loaded keeps the status it has.
    /// </summary>
    /// <exception cref="ArgumentException">The layout is invalid, or the status unknown or scheduled without an opening time.</exception>
    Task<bool> LoadEventAsync(EventLayout layout, SaleState sale, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the event's lifecycle status where the hold scripts read it; from the next script run
    /// on, holds follow it. False when the event is not loaded (nothing written).
    /// </summary>
    /// <exception cref="ArgumentException">The status is unknown, or scheduled without an opening time.</exception>
    Task<bool> SetSaleAsync(string eventId, SaleState sale, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the seats off sale, all or none, in one script run (like a hold): each must be
    /// available or held by a hold whose time has passed. The seats read <c>blocked</c> in seat
    /// maps and feeds (the version moves) and no hold can take them until the block is lifted.
    /// </summary>
    /// <param name="eventId">The event.</param>
    /// <param name="seatIds">The seats, at least one.</param>
    /// <param name="reason">Why, for operators (may be empty).</param>
    /// <param name="blockId">The block's id: null makes a new one; a rebuild passes the stored one.</param>
    /// <param name="cancellationToken">Not observed once the script is sent.</param>
    /// <exception cref="ArgumentException">No seats named.</exception>
    Task<BlockOutcome> BlockSeatsAsync(string eventId, IReadOnlyList<string> seatIds, string reason, string? blockId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes new hold limits where the hold scripts read them; holds already made keep theirs.
    /// False when the event is not loaded (nothing written).
    /// </summary>
    Task<bool> SetHoldLimitsAsync(string eventId, EventHoldLimits limits, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the prices of seats, all or none, in one script run: each must be available or
    /// blocked (or held by a hold whose time has passed). A seat in a live hold or sold refuses the
    /// whole change, so every hold keeps the total it was made at; holds made after the run pay the
    /// new prices. The event's version and prices version move, so cached seat maps and layouts rebuild.
    /// </summary>
    /// <exception cref="ArgumentException">No seats named, or a price negative or with fractions of a cent.</exception>
    Task<RepriceOutcome> RepriceSeatsAsync(string eventId, IReadOnlyList<SeatPrice> prices, CancellationToken cancellationToken = default);

    /// <summary>Lifts a block: its seats are available at once (also to best available).</summary>
    Task<UnblockOutcome> UnblockSeatsAsync(string eventId, string blockId, CancellationToken cancellationToken = default);

    /// <summary>Releases up to <paramref name="maxHolds"/> holds of the event whose time has passed.</summary>
    Task<ExpireOutcome> ExpireDueAsync(string eventId, int maxHolds = 500, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ids of the event's live holds (held or paying, elapsed or not): the members of its expiry
    /// index. One read however many holds there are, so drift checks need not read holds one by one.
    /// </summary>
    Task<IReadOnlySet<string>> LiveHoldIdsAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every seat with its state, read a page of <paramref name="seatsPerPage"/> at a time, each page
    /// its own short script run; null when the event is not loaded. Unlike <see cref="IInventoryReader.SnapshotAsync"/>
    /// it never holds Redis for the whole event (a 100,000-seat snapshot blocks every other script
    /// for ~100 ms), but the pages are read at different moments: callers must tolerate a seat that
    /// changed during the read, as drift checks do by confirming each suspect before repairing it.
    /// Seats of holds elapsed by the last page read as available, naming their hold.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seatsPerPage"/> is below 1.</exception>
    Task<SeatMapSnapshot?> ScanSeatsAsync(string eventId, int seatsPerPage = 500, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forces seats to the given states (rebuild from PostgreSQL, drift repair), fixing counters and
    /// version. Taking a seat from a live hold releases that whole hold; its other seats appear in
    /// the result as repaired to available.
    /// </summary>
    /// <exception cref="ArgumentException">A seat is not in the event (nothing changed), or a sold seat has no user id.</exception>
    /// <exception cref="InvalidOperationException">The event is not loaded.</exception>
    Task<SeatRepairResult> RepairSeatsAsync(string eventId, IReadOnlyList<SeatRepair> repairs, CancellationToken cancellationToken = default);
}
