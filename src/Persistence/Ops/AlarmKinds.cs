namespace Ticketing.Persistence.Ops;

/// <summary>Alarm kinds, as recorded in the alarms table and tagged on the alarm counter.</summary>
public static class AlarmKinds
{
    /// <summary>PostgreSQL's <c>UNIQUE (event_id, seat_id)</c> refused a ticket: the seat was sold twice.</summary>
    public const string Oversell = "oversell";

    /// <summary>An outbox entry that is not an order the commit script wrote.</summary>
    public const string MalformedOutboxEntry = "malformed_outbox_entry";

    /// <summary>A seat sold in Redis with no ticket in PostgreSQL and no outbox entry left to write it.</summary>
    public const string SoldInRedisOnly = "sold_in_redis_only";
}
