namespace Ticketing.Scripts.Lifecycle;

/// <summary>
/// The event lifecycle's allowed moves:
/// <c>draft → scheduled → on_sale ⇄ paused → closed</c>, <c>draft → on_sale</c>,
/// <c>scheduled → draft</c> (unschedule), and <c>cancelled</c> from any status but itself.
/// Staying in the same status is not a move (a PATCH that repeats the status changes nothing).
/// </summary>
public static class EventLifecycle
{
    private static readonly Dictionary<string, string[]> Moves = new(StringComparer.Ordinal)
    {
        [SaleStatuses.Draft] = [SaleStatuses.Scheduled, SaleStatuses.OnSale, SaleStatuses.Cancelled],
        [SaleStatuses.Scheduled] = [SaleStatuses.Draft, SaleStatuses.OnSale, SaleStatuses.Cancelled],
        [SaleStatuses.OnSale] = [SaleStatuses.Paused, SaleStatuses.Closed, SaleStatuses.Cancelled],
        [SaleStatuses.Paused] = [SaleStatuses.OnSale, SaleStatuses.Closed, SaleStatuses.Cancelled],
        [SaleStatuses.Closed] = [SaleStatuses.Cancelled],
        [SaleStatuses.Cancelled] = [],
    };

    /// <summary>True when an event in <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMove(string from, string to) =>
        Moves.TryGetValue(from, out var targets) && targets.Contains(to, StringComparer.Ordinal);
}
