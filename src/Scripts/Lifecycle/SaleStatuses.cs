namespace Ticketing.Scripts.Lifecycle;

/// <summary>
/// An event's lifecycle statuses, as stored in Redis (the <c>sale</c> field of the event's meta
/// hash, read by the hold scripts) and in PostgreSQL (<c>events.status</c>). The Lua scripts get
/// the words they compare from here (<see cref="Keys.ScriptConstants"/>).
/// </summary>
public static class SaleStatuses
{
    /// <summary>Being set up: loaded, seats may be blocked, no holds.</summary>
    public const string Draft = "draft";

    /// <summary>Opens at its <c>opens_at</c>: no holds before it, holds from it on (by Redis' clock), whether or not the opening job has run.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>Takes holds.</summary>
    public const string OnSale = "on_sale";

    /// <summary>Sale halted for now: no new holds; live holds may still be paid for and committed.</summary>
    public const string Paused = "paused";

    /// <summary>Sale over: no new holds, no new payments.</summary>
    public const string Closed = "closed";

    /// <summary>The event will not take place: no new holds, no new payments.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Every status, in lifecycle order.</summary>
    public static readonly IReadOnlyList<string> All = [Draft, Scheduled, OnSale, Paused, Closed, Cancelled];

    /// <summary>True for one of the six words.</summary>
    public static bool IsKnown(string? status) => status is not null && All.Contains(status, StringComparer.Ordinal);

    /// <summary>Whether a live hold may start or finish a payment: on sale or paused (a pause lets buyers finish).</summary>
    public static bool AllowsPayment(string status) => status is OnSale or Paused;
}
