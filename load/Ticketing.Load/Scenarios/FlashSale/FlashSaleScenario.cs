using System.Collections.Concurrent;
using System.Globalization;
using Ticketing.Load.Invariants;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// USERS virtual users buy until the event sells out or DURATION passes, then the invariant check
/// runs against Redis and PostgreSQL (unless --no-check). Mirrors load/k6/flash-sale.js.
/// </summary>
public static class FlashSaleScenario
{
    /// <summary>The k6 script's thresholds, in the same words.</summary>
    public static readonly IReadOnlyList<Threshold> Thresholds =
    [
        new("hold", ThresholdMetric.P95, 50),
        new("hold", ThresholdMetric.P99, 100),
        new("hold_best", ThresholdMetric.P99, 100),
        new("commit", ThresholdMetric.P95, 50),
        new("commit", ThresholdMetric.P99, 100),
        new("hold", ThresholdMetric.UnexpectedRate, 0.01),
        new("hold_best", ThresholdMetric.UnexpectedRate, 0.01),
        new("commit", ThresholdMetric.UnexpectedRate, 0.01),
    ];

    public static async Task<RunReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var plan = FlashSaleOptions.ReadEventPlan(settings, defaultSeats: 20_000);
        var eventId = await context.EventIdAsync(plan, $"Flash sale {context.RunId}", cancellationToken);
        var options = new FlashSaleOptions(
            context.RunId, eventId,
            settings.Integer("users", 100),
            settings.Duration("duration", TimeSpan.FromMinutes(3)),
            FlashSaleOptions.ReadMix(settings),
            plan.HoldTtlSeconds,
            settings.Integer("max-retries", 3),
            settings.Find("seed") is null ? null : settings.Integer("seed", 0));
        options.Mix.Validate();

        var recorder = new Recorder();
        var client = context.Measured(recorder);
        var confirmedOrders = new ConcurrentBag<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);
        var sale = new SaleWatch(client, eventId, stop);
        var startedAt = DateTimeOffset.UtcNow;

        Console.WriteLine($"flash sale: event {eventId}, {options.Users} virtual users, up to {options.Duration}");
        recorder.StartMeasuring();
        var buyers = Enumerable.Range(0, options.Users)
            .Select(virtualUser => new Buyer(client, options, sale, confirmedOrders, virtualUser).RunUntilStoppedAsync(stop.Token));
        await Task.WhenAll(buyers);
        recorder.StopMeasuring();
        var soldOut = sale.LastSeen is { AvailableSeats: 0, HeldSeats: 0 };

        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["event_id"] = eventId,
            ["sold_out"] = soldOut ? "true" : "false",
            ["seconds_to_sell_out"] = soldOut ? recorder.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "not sold out",
            ["confirmed_orders"] = confirmedOrders.Count.ToString(CultureInfo.InvariantCulture),
        };
        var report = RunReport.From("flash-sale", startedAt, recorder, Knobs(options, plan.Seats), Thresholds, facts);
        if (!settings.Flag("no-check"))
        {
            Console.WriteLine("checking invariants against Redis and PostgreSQL ...");
            report = report with { Invariants = await InvariantRunner.RunAsync(InvariantOptions.Read(settings), eventId, confirmedOrders, cancellationToken) };
        }

        return report;
    }

    private static Dictionary<string, string> Knobs(FlashSaleOptions options, int eventSeats) => new(StringComparer.Ordinal)
    {
        ["users"] = options.Users.ToString(CultureInfo.InvariantCulture),
        ["duration"] = options.Duration.ToString(),
        ["event_seats"] = eventSeats.ToString(CultureInfo.InvariantCulture),
        ["max_seats"] = options.Mix.MaxSeats.ToString(CultureInfo.InvariantCulture),
        ["best_available_share"] = options.Mix.BestAvailableShare.ToString(CultureInfo.InvariantCulture),
        ["decline_share"] = options.Mix.DeclineShare.ToString(CultureInfo.InvariantCulture),
        ["abandon_share"] = options.Mix.AbandonShare.ToString(CultureInfo.InvariantCulture),
        ["hold_ttl"] = options.HoldTtlSeconds.ToString(CultureInfo.InvariantCulture),
        ["max_retries"] = options.MaxRetries.ToString(CultureInfo.InvariantCulture),
    };
}
