using Ticketing.Load.Cli;
using Ticketing.Load.Setup;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>The flash-sale knobs; names and defaults match load/k6/flash-sale.js.</summary>
public sealed record FlashSaleOptions(
    string RunId,
    string EventId,
    int Users,
    TimeSpan Duration,
    BuyerMix Mix,
    int HoldTtlSeconds,
    int MaxRetries,
    int? Seed)
{
    public static BuyerMix ReadMix(Settings settings) => new(
        settings.Integer("max-seats", 4),
        settings.Number("best-available-share", 0.5),
        settings.Number("decline-share", 0.1),
        settings.Number("abandon-share", 0.1));

    public static EventPlan ReadEventPlan(Settings settings, int defaultSeats) => new(
        settings.Integer("event-seats", defaultSeats),
        settings.Integer("seats-per-row", 50),
        settings.Integer("rows-per-section", 20),
        settings.Integer("hold-ttl", 30),
        settings.Integer("max-seats-per-hold", 8),
        settings.Integer("max-tickets-per-user", 8));
}
