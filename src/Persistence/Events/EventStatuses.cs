namespace Ticketing.Persistence.Events;

/// <summary>The values of <c>events.status</c> (its CHECK constraint in <c>0001_initial.sql</c> lists the same words).</summary>
public static class EventStatuses
{
    /// <summary>On sale: its seats live in Redis, and the jobs and the outbox writer work on it.</summary>
    public const string OnSale = "on_sale";

    /// <summary>Off sale: no longer loaded into Redis or swept.</summary>
    public const string Closed = "closed";
}
