using Ticketing.Load.Cli;
using Ticketing.Load.Setup;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// The flash-sale knobs; names and defaults match load/k6/flash-sale.js. Buyers arrive at
/// <see cref="Rate"/> per second (the waiting room's admission rate); <see cref="Users"/> is the most
/// buyers in flight at once (k6's maxVUs), beyond which arrivals are dropped.
/// </summary>
public sealed record FlashSaleOptions(
    string RunId,
    double Rate,
    int Users,
    TimeSpan Duration,
    BuyerMix Mix,
    int HoldTtlSeconds,
    int MaxRetries,
    int? Seed)
{
    /// <summary>Reads and checks the knobs (before an event is created for a run they would fail).</summary>
    public static FlashSaleOptions Read(Settings settings, string runId, EventPlan plan)
    {
        var options = new FlashSaleOptions(
            runId,
            settings.Number("rate", 100),
            settings.Integer("users", 400),
            settings.Duration("duration", TimeSpan.FromMinutes(3)),
            ReadMix(settings),
            plan.HoldTtlSeconds,
            settings.Integer("max-retries", 3),
            settings.Find("seed") is null ? null : settings.Integer("seed", 0));
        if (options.Rate <= 0 || options.Users < 1)
        {
            throw new UsageException("flash-sale needs RATE > 0 buyers per second and USERS >= 1 buyers in flight");
        }

        options.Mix.Validate();
        return options;
    }

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
