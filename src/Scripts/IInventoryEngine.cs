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
/// </summary>
public interface IInventoryEngine
{
    /// <summary>Loads an event's layout and limits into Redis and marks it on sale. Loading an event that is already loaded changes nothing and answers false.</summary>
    Task<bool> LoadEventAsync(EventLayout layout, CancellationToken cancellationToken = default);

    /// <summary>True when the event's keys are in Redis.</summary>
    Task<bool> IsLoadedAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>Holds exactly the named seats, all or nothing.</summary>
    Task<HoldOutcome> HoldSeatsAsync(HoldSeatsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Chooses and holds the best free seats in one script run.</summary>
    Task<HoldOutcome> HoldBestAvailableAsync(HoldBestAvailableRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a hold; null when unknown or not the user's (pass null <paramref name="userId"/> for operators).</summary>
    Task<HoldView?> GetHoldAsync(string holdId, string? userId, CancellationToken cancellationToken = default);

    /// <summary>Pushes a live hold's expiry back by <paramref name="additionalSeconds"/>, once per allowed extension.</summary>
    Task<ExtendOutcome> ExtendAsync(string holdId, string userId, int additionalSeconds, CancellationToken cancellationToken = default);

    /// <summary>Gives a live hold's seats back at once.</summary>
    Task<ReleaseOutcome> ReleaseAsync(string holdId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Marks the hold as paying under <paramref name="idempotencyKey"/> and extends it to cover <paramref name="paymentWindowSeconds"/>.</summary>
    Task<BeginPaymentOutcome> BeginPaymentAsync(string holdId, string userId, string idempotencyKey, int paymentWindowSeconds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns a paying hold to held when its payment failed, so the buyer may retry before it
    /// expires. Only the fence that begin-payment returned is accepted.
    /// </summary>
    Task<bool> AbandonPaymentAsync(string holdId, string userId, long fence, CancellationToken cancellationToken = default);

    /// <summary>Sells the hold's seats, records the order and appends it to the outbox stream, in one script run.</summary>
    Task<CommitOutcome> CommitAsync(CommitRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads an order the commit script recorded (before or after it reached PostgreSQL).</summary>
    Task<OrderRecord?> GetOrderAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>Releases up to <paramref name="maxHolds"/> holds of the event whose time has passed.</summary>
    Task<ExpireOutcome> ExpireDueAsync(string eventId, int maxHolds = 500, CancellationToken cancellationToken = default);

    /// <summary>Every seat with its state and the event's version, read in one script run; null when the event is not loaded.</summary>
    Task<SeatMapSnapshot?> SnapshotAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>The event's counters; null when the event is not loaded.</summary>
    Task<Availability?> GetAvailabilityAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>Forces seats to the given states (rebuild from PostgreSQL, drift repair), fixing counters and version.</summary>
    Task<SeatRepairResult> RepairSeatsAsync(string eventId, IReadOnlyList<SeatRepair> repairs, CancellationToken cancellationToken = default);
}
