namespace Ticketing.Reconciler.Drift;

/// <summary>The drift rules of promise 6, as recorded in <see cref="Repair.Kind"/>.</summary>
public static class RepairKinds
{
    /// <summary>The event's keys were missing from Redis; it was rebuilt from PostgreSQL (seat id <c>*</c>).</summary>
    public const string EventRebuilt = "event_rebuilt";

    /// <summary>PostgreSQL has a ticket for the seat, Redis did not show it sold to that order: marked sold.</summary>
    public const string SoldInPostgresOnly = "sold_in_postgres_only";

    /// <summary>
    /// Redis shows the seat sold, PostgreSQL has no ticket and no outbox entry is left to write one:
    /// the order is written from the engine's order record, or, when there is none, the seat is freed.
    /// </summary>
    public const string SoldInRedisOnly = "sold_in_redis_only";

    /// <summary>The seat was still held by a hold that had expired (or no longer exists): released.</summary>
    public const string StuckHoldReleased = "stuck_hold_released";
}
