using Ticketing.Scripts.Orders;

namespace Ticketing.Persistence.Orders;

/// <summary>Reads of confirmed orders: PostgreSQL first, then the outbox for orders not written yet.</summary>
public interface IOrderQueries
{
    /// <summary>The order, and whether PostgreSQL has it yet; null when unknown.</summary>
    Task<StoredOrder?> GetAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>The user's orders: those in PostgreSQL and those committed in Redis and not written yet, each once.</summary>
    Task<IReadOnlyList<StoredOrder>> ListForUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of the event's orders in PostgreSQL that still have an active ticket, by id after
    /// <paramref name="afterOrderId"/> ('' to start): what cancelling the event must refund.
    /// </summary>
    Task<IReadOnlyList<OrderRecord>> ListRefundableAsync(Guid eventId, string afterOrderId, int limit, CancellationToken cancellationToken = default);
}

/// <summary>An order and whether it has reached PostgreSQL.</summary>
public sealed record StoredOrder(OrderRecord Order, bool Persisted);
