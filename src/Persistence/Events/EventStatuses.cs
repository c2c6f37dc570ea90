using Ticketing.Scripts.Lifecycle;

namespace Ticketing.Persistence.Events;

/// <summary>
/// The values of <c>events.status</c>: the event lifecycle's statuses, one source with the
/// engine that checks them in Redis (<see cref="SaleStatuses"/>); the CHECK constraint in
/// <c>0006_event_lifecycle.sql</c> lists the same words.
/// </summary>
public static class EventStatuses
{
    /// <summary>Being set up: no holds.</summary>
    public const string Draft = SaleStatuses.Draft;

    /// <summary>Opens at <c>opens_at</c>.</summary>
    public const string Scheduled = SaleStatuses.Scheduled;

    /// <summary>Takes holds.</summary>
    public const string OnSale = SaleStatuses.OnSale;

    /// <summary>No new holds for now.</summary>
    public const string Paused = SaleStatuses.Paused;

    /// <summary>Sale over.</summary>
    public const string Closed = SaleStatuses.Closed;

    /// <summary>The event will not take place.</summary>
    public const string Cancelled = SaleStatuses.Cancelled;
}
