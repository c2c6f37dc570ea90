using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.Repair;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Scripts;

/// <summary>
/// The inventory engine: every change of seat state is one Lua script run in Redis, atomic across
/// all the seats it touches. Time comes from Redis (<c>TIME</c>), never from the caller's clock.
/// Every change bumps the event's version and publishes a <see cref="SeatChangeBatch"/>.
/// Answers a caller can act on are outcome types, never exceptions. Exceptions mean: bad
/// arguments that the caller should have validated (<see cref="ArgumentException"/>, as named
/// on each member), Redis unreachable (StackExchange.Redis connection or timeout exceptions), or
/// a defect (<see cref="InventoryEngineException"/>, whose message never carries Lua text).
/// The Redis client in use cannot cancel a sent command, so cancellation tokens are accepted
/// for the contract but a started script always runs to its end.
/// </summary>
public interface IInventoryEngine
{
    /// <summary>Loads an event's layout and limits into Redis and marks it on sale. Loading an event that is already loaded changes nothing and answers false.</summary>
    /// <exception cref="ArgumentException">The layout is invalid: no seats, a repeated seat id, fractions of a cent, limits out of range.</exception>
    Task<bool> LoadEventAsync(EventLayout layout, CancellationToken cancellationToken = default);

    /// <summary>True when the event's keys are in Redis.</summary>
    Task<bool> IsLoadedAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>Holds exactly the named seats, all or nothing.</summary>
    /// <exception cref="ArgumentException">No seat is named.</exception>
    Task<HoldOutcome> HoldSeatsAsync(HoldSeatsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Chooses and holds the best free seats in one script run.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The quantity is below 1.</exception>
    Task<HoldOutcome> HoldBestAvailableAsync(HoldBestAvailableRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a hold; null when unknown or not the user's (pass null <paramref name="userId"/> for operators).</summary>
    Task<HoldView?> GetHoldAsync(string holdId, string? userId, CancellationToken cancellationToken = default);

    /// <summary>Pushes a live hold's expiry back by <paramref name="additionalSeconds"/>, once per allowed extension.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="additionalSeconds"/> is outside 1..3600.</exception>
    Task<ExtendOutcome> ExtendAsync(string holdId, string userId, int additionalSeconds, CancellationToken cancellationToken = default);

    /// <summary>Gives a live hold's seats back at once.</summary>
    Task<ReleaseOutcome> ReleaseAsync(string holdId, string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the hold as paying under <paramref name="idempotencyKey"/> and extends it to cover
    /// <paramref name="paymentWindowSeconds"/> (at most 900 s are granted; never shortened).
    /// </summary>
    /// <exception cref="ArgumentException">The key is empty or the window below 1 s.</exception>
    Task<BeginPaymentOutcome> BeginPaymentAsync(string holdId, string userId, string idempotencyKey, int paymentWindowSeconds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns a paying hold to held when its payment failed, so the buyer may retry before it
    /// expires. Only the fence that begin-payment returned is accepted.
    /// </summary>
    Task<bool> AbandonPaymentAsync(string holdId, string userId, long fence, CancellationToken cancellationToken = default);

    /// <summary>Sells the hold's seats, records the order and appends it to the outbox stream, in one script run.</summary>
    /// <exception cref="ArgumentException">The tickets do not name exactly the hold's seats at the hold's prices (nothing changed).</exception>
    Task<CommitOutcome> CommitAsync(CommitRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads an order the commit script recorded (before or after it reached PostgreSQL).</summary>
    Task<OrderRecord?> GetOrderAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>Releases up to <paramref name="maxHolds"/> holds of the event whose time has passed.</summary>
    Task<ExpireOutcome> ExpireDueAsync(string eventId, int maxHolds = 500, CancellationToken cancellationToken = default);

    /// <summary>Every seat with its state and the event's version, read in one script run; null when the event is not loaded.</summary>
    Task<SeatMapSnapshot?> SnapshotAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every seat's status (as buyers see it) and the event's version, read in one script run from
    /// the event's status string, one byte per seat: the read for seat maps. It costs Redis about
    /// a GET of that string, where <see cref="SnapshotAsync"/> reads the whole seats hash. Null
    /// when the event is not loaded, or was loaded before status strings existed: read
    /// <see cref="SnapshotAsync"/> then (<see cref="SeatMapSnapshot.ToStatusMap"/> gives this shape).
    /// </summary>
    Task<SeatStatusMap?> SeatStatusesAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ids of the event's live holds (held or paying, elapsed or not): the members of its expiry
    /// index. One read however many holds there are, so drift checks need not read holds one by one.
    /// </summary>
    Task<IReadOnlySet<string>> LiveHoldIdsAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every seat with its state, read a page of <paramref name="seatsPerPage"/> at a time, each page
    /// its own short script run; null when the event is not loaded. Unlike <see cref="SnapshotAsync"/>
    /// it never holds Redis for the whole event (a 100,000-seat snapshot blocks every other script
    /// for ~100 ms), but the pages are read at different moments: callers must tolerate a seat that
    /// changed during the read, as drift checks do by confirming each suspect before repairing it.
    /// Seats of holds elapsed by the last page read as available, naming their hold.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seatsPerPage"/> is below 1.</exception>
    Task<SeatMapSnapshot?> ScanSeatsAsync(string eventId, int seatsPerPage = 500, CancellationToken cancellationToken = default);

    /// <summary>The event's counters; null when the event is not loaded.</summary>
    Task<Availability?> GetAvailabilityAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forces seats to the given states (rebuild from PostgreSQL, drift repair), fixing counters and
    /// version. Taking a seat from a live hold releases that whole hold; its other seats appear in
    /// the result as repaired to available.
    /// </summary>
    /// <exception cref="ArgumentException">A seat is not in the event (nothing changed), or a sold seat has no user id.</exception>
    /// <exception cref="InvalidOperationException">The event is not loaded.</exception>
    Task<SeatRepairResult> RepairSeatsAsync(string eventId, IReadOnlyList<SeatRepair> repairs, CancellationToken cancellationToken = default);
}
