using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Payments;

namespace Ticketing.Scripts;

/// <summary>
/// What a buyer's requests do to the inventory: hold seats, extend or release the hold, pay for it
/// and commit it, and read back the hold and the order. The rules common to every façade are on
/// <see cref="IInventoryEngine"/>.
/// </summary>
public interface IInventorySales
{
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

    /// <summary>
    /// Sells the hold's seats, records the order and appends it to the outbox stream, in one script run.
    /// When commits wait for replicas (<see cref="Replication.CommitReplicationOptions"/>), a commit or
    /// replay they did not acknowledge in time answers <see cref="CommitOutcome.NotReplicated"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The tickets do not name exactly the hold's seats at the hold's prices (nothing changed).</exception>
    Task<CommitOutcome> CommitAsync(CommitRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads an order the commit script recorded (before or after it reached PostgreSQL).</summary>
    Task<OrderRecord?> GetOrderAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user's orders committed in Redis and not yet written to PostgreSQL (still in an outbox
    /// stream of an event on sale), in no particular order.
    /// </summary>
    Task<IReadOnlyList<OrderRecord>> UnwrittenOrdersOfUserAsync(string userId, CancellationToken cancellationToken = default);
}
