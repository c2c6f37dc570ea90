using StackExchange.Redis;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Lifecycle;

/// <summary>
/// Writes an event's lifecycle status (and its hold limits) into its meta hash, where the hold scripts read it with the
/// fields they already read. A typed transaction, not a script: one key, and the only condition
/// is that the event is loaded (a status written to an unloaded event would create a meta hash
/// that makes load_event think it is loaded).
/// </summary>
internal sealed class SaleStore(IConnectionMultiplexer redis)
{
    public async Task<bool> SetAsync(string eventId, SaleState sale)
    {
        sale.Validate();
        var meta = EventKeys.Meta(eventId);
        var transaction = redis.GetDatabase().CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(meta));
        _ = transaction.HashSetAsync(meta, "sale", sale.Status);
        _ = sale.OpensAt is null
            ? transaction.HashDeleteAsync(meta, "opens_at")
            : transaction.HashSetAsync(meta, "opens_at", sale.OpensAtArgument);
        return await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    public async Task<bool> SetLimitsAsync(string eventId, Holds.EventHoldLimits limits)
    {
        limits.Validate();
        var meta = EventKeys.Meta(eventId);
        var transaction = redis.GetDatabase().CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(meta));
        _ = transaction.HashSetAsync(meta,
        [
            new HashEntry("hold_ttl", limits.HoldTtlSeconds),
            new HashEntry("max_per_hold", limits.MaxSeatsPerHold),
            new HashEntry("max_per_user", limits.MaxTicketsPerUser),
        ]);
        return await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    public async Task<SaleState?> GetAsync(string eventId)
    {
        var values = await redis.GetDatabase().HashGetAsync(EventKeys.Meta(eventId), ["total", "sale", "opens_at"]).ConfigureAwait(false);
        if (values[0].IsNull)
        {
            return null;
        }

        var opensAt = values[2].IsNull ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds((long)values[2]);
        return new SaleState(values[1].IsNull ? SaleStatuses.OnSale : (string)values[1]!, opensAt);
    }
}
