using System.Collections.Concurrent;
using System.Globalization;
using Ticketing.Load.Invariants;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// An open model of a flash sale, mirroring load/k6/flash-sale.js: buyers arrive at RATE per second
/// (the waiting room's admission rate), whether or not earlier ones have been answered, and each
/// runs its journey once. At most USERS are in flight; an arrival that finds them all busy is
/// dropped and counted, a sign the service fell behind. Latency is what an admitted buyer sees:
/// each request is timed from its own send. The sale ends when the event sells out or DURATION
/// passes; then the invariant check runs against Redis and PostgreSQL (unless --no-check).
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
        var options = FlashSaleOptions.Read(settings, context.RunId, plan);
        var eventId = await context.EventIdAsync(plan, $"Flash sale {context.RunId}", cancellationToken);

        var recorder = new Recorder();
        var client = context.Measured(recorder);
        var confirmedOrders = new ConcurrentBag<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sale = new SaleWatch(client, eventId, stop);
        var journey = new BuyerJourney(client, options, eventId, sale, confirmedOrders);
        var browsers = Enumerable.Range(0, options.Users)
            .Select(slot => new BrowserSlot(options.Seed is { } seed ? new Random(seed + slot) : new Random()));
        var arrivals = new Arrivals<BrowserSlot>(browsers, journey.RunAsync, stop.Token);
        var startedAt = DateTimeOffset.UtcNow;

        Console.WriteLine($"flash sale: event {eventId}, {options.Rate} buyers/s, at most {options.Users} in flight, up to {options.Duration}");
        var cpuBefore = Environment.CpuUsage.TotalTime;
        stop.CancelAfter(options.Duration);
        recorder.StartMeasuring();
        await FixedRate.RunAsync(options.Rate, options.Duration, (index, _) => arrivals.Arrive(index), stop.Token);
        await arrivals.AllEndedAsync();
        recorder.StopMeasuring();
        var driverCpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var soldOut = sale.LastSeen is { AvailableSeats: 0, HeldSeats: 0 };
        var counts = arrivals.Counts;

        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["event_id"] = eventId,
            ["sold_out"] = soldOut ? "true" : "false",
            ["seconds_to_sell_out"] = soldOut ? recorder.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "not sold out",
            ["confirmed_orders"] = Text(confirmedOrders.Count),
            ["arrivals_scheduled"] = Text(counts.Scheduled),
            ["arrivals_dropped"] = Text(counts.Dropped),
            ["buyers_completed"] = Text(counts.Completed),
            ["peak_buyers_in_flight"] = Text(counts.PeakInFlight),
            ["driver_cpu_seconds"] = driverCpu.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
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
        ["rate"] = options.Rate.ToString(CultureInfo.InvariantCulture),
        ["users"] = Text(options.Users),
        ["duration"] = options.Duration.ToString(),
        ["event_seats"] = Text(eventSeats),
        ["max_seats"] = Text(options.Mix.MaxSeats),
        ["best_available_share"] = options.Mix.BestAvailableShare.ToString(CultureInfo.InvariantCulture),
        ["decline_share"] = options.Mix.DeclineShare.ToString(CultureInfo.InvariantCulture),
        ["abandon_share"] = options.Mix.AbandonShare.ToString(CultureInfo.InvariantCulture),
        ["hold_ttl"] = Text(options.HoldTtlSeconds),
        ["max_retries"] = Text(options.MaxRetries),
    };

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
