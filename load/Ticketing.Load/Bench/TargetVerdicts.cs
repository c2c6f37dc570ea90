using System.Globalization;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Bench;

/// <summary>One target of the report: what was measured, against which anchor, and whether it is met (null: not measured).</summary>
public sealed record TargetVerdict(string Target, string Measured, string Goal, bool? Met, string Note);

/// <summary>The targets of the benchmark, judged from one run's numbers.</summary>
public static class TargetVerdicts
{
    public const double BaselineMultiple = 10;
    public const double WebStackShare = 0.40;
    public const double HalfPeakP99Ms = 25;
    public const double FlashSaleCommitP99Ms = 100;
    public const double QueuePollShare = 0.50;
    public const double QueueJoinShare = 0.40;

    /// <summary>
    /// The last 20,000-seat flash sale before it went through the waiting room: buyers arrived at a
    /// fixed 100 a second, set by the load driver, and sold the event out in this many seconds.
    /// </summary>
    public const double FixedRateSellOutSeconds = 126.2;

    /// <summary>The stadium on-sale's goal: 50,000 seats sold within this many seconds of the open.</summary>
    public const double StadiumSellOutSeconds = 60;

    public static IReadOnlyList<TargetVerdict> Judge(BenchResults results)
    {
        var holdRate = results.Hold?.RateOf(201);
        return
        [
            AtLeast("hold endpoint ≥ 10× the PostgreSQL row-lock baseline (holds/s)",
                holdRate, results.Baseline?.HoldsPerSecond, BaselineMultiple, "×"),
            AtLeast("hold endpoint ≥ 40% of the trivial endpoint (requests/s)",
                holdRate, results.Ping?.RateOf(200), WebStackShare, "%"),
            HalfPeakLatency(results),
            FlashSale(results),
            AtLeast("queue polls ≥ 50% of the trivial endpoint (requests/s)",
                results.QueuePolls?.RateOf(200), results.Ping?.RateOf(200), QueuePollShare, "%"),
            AtLeast("queue joins ≥ 40% of the trivial endpoint (requests/s)",
                results.QueueJoins?.RateOf(201), results.Ping?.RateOf(200), QueueJoinShare, "%"),
            Stadium(results),
        ];
    }

    private static TargetVerdict AtLeast(string target, double? measured, double? anchor, double goal, string unit)
    {
        var goalText = unit == "%" ? $"≥ {goal:P0}" : $"≥ {goal:0.#}×";
        if (measured is null || anchor is null or 0)
        {
            return new TargetVerdict(target, "not measured", goalText, null, "a run it depends on is missing from this report");
        }

        var ratio = measured.Value / anchor.Value;
        var ratioText = unit == "%" ? ratio.ToString("P0", CultureInfo.InvariantCulture) : ratio.ToString("0.0", CultureInfo.InvariantCulture) + "×";
        var met = ratio >= goal;
        var note = met
            ? $"{measured:0} vs {anchor:0} per second"
            : $"{measured:0} vs {anchor:0} per second: short by {(goal * anchor.Value - measured.Value):0}/s ({1 - ratio / goal:P0} below the goal)";
        return new TargetVerdict(target, ratioText, goalText, met, note);
    }

    private static TargetVerdict HalfPeakLatency(BenchResults results)
    {
        const string target = "p99 hold latency < 25 ms at half the peak rate";
        if (results.HoldAtHalfPeak?.Operations.GetValueOrDefault("hold") is not { } hold)
        {
            return new TargetVerdict(target, "not measured", "< 25 ms", null, "the fixed-rate run is missing from this report");
        }

        var rate = results.HoldAtHalfPeak.Knobs.GetValueOrDefault("rate") ?? "?";
        var created = hold.Outcomes.GetValueOrDefault("201");
        var note = $"{rate} holds/s offered for {results.HoldAtHalfPeak.Seconds:0} s; {created} of {hold.Count} answered 201; latency counted from each hold's due time";
        var met = hold.LatencyMs.P99 < HalfPeakP99Ms;
        if (!met)
        {
            note += $"; over the goal by {hold.LatencyMs.P99 - HalfPeakP99Ms:0.0} ms";
        }

        return new TargetVerdict(target, $"{hold.LatencyMs.P99:0.0} ms", "< 25 ms", met, note);
    }

    private static TargetVerdict FlashSale(BenchResults results)
    {
        const string target = "flash sale of a 20,000-seat event through its waiting room (the service sets the admission rate): sold out, zero invariant violations, p99 commit under the room's latency target (100 ms), no join dropped";
        const string goal = "all four";
        if (results.FlashSale is not { } sale)
        {
            return new TargetVerdict(target, "not measured", goal, null, "the flash-sale run is missing from this report");
        }

        var failures = SaleFailures(sale);
        var measured = $"{(sale.Facts.GetValueOrDefault("sold_out") == "true" ? "sold out in " + sale.Facts.GetValueOrDefault("seconds_to_sell_out") + " s" : "not sold out")}, {SaleSummary(sale)}";
        return new TargetVerdict(target, measured, goal, failures.Count == 0, failures.Count == 0 ? "" : string.Join("; ", failures));
    }

    private static TargetVerdict Stadium(BenchResults results)
    {
        const string target = "stadium on-sale: 50,000 seats through the waiting room, sold out within 60 s of the open, zero invariant violations, p99 commit < 100 ms, no join dropped";
        const string goal = "all four";
        if (results.Stadium is not { } sale)
        {
            return new TargetVerdict(target, "not measured", goal, null, "the stadium run is missing from this report");
        }

        var failures = SaleFailures(sale);
        var fromOpen = StadiumSeconds(sale);
        if (fromOpen is > StadiumSellOutSeconds)
        {
            failures.Add($"sold out {fromOpen - StadiumSellOutSeconds:0.0} s later than the goal");
        }

        var measured = $"{(fromOpen is { } seconds ? $"sold out {seconds:0.0} s after the open" : "not sold out")}, {SaleSummary(sale)}";
        return new TargetVerdict(target, measured, goal, failures.Count == 0, failures.Count == 0 ? "" : string.Join("; ", failures));
    }

    /// <summary>Seconds from a pre-queued sale's open to its sell-out; null when it did not sell out or had no pre-queue.</summary>
    public static double? StadiumSeconds(RunReport sale) =>
        double.TryParse(sale.Facts.GetValueOrDefault("seconds_from_open_to_sell_out"), CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    private static string SaleSummary(RunReport sale)
    {
        var arrivals = DroppedArrivals(sale);
        return $"{sale.Invariants?.ViolationCount.ToString(CultureInfo.InvariantCulture) ?? "unchecked"} violations, " +
            $"p99 hold {Ms(sale.Operations.GetValueOrDefault("hold")?.LatencyMs.P99)} / commit {Ms(sale.Operations.GetValueOrDefault("commit")?.LatencyMs.P99)} ms (target {RoomTargetMs(sale):0}), " +
            (arrivals is { } counted ? $"{counted.Dropped} of {counted.Scheduled} joins dropped" : "arrivals uncounted");
    }

    /// <summary>What keeps a sale through the room from meeting its goal: not sold out, violations, a slow commit p99, dropped joins.</summary>
    private static List<string> SaleFailures(RunReport sale)
    {
        var soldOut = sale.Facts.GetValueOrDefault("sold_out") == "true";
        var violations = sale.Invariants?.ViolationCount;
        var commitP99 = sale.Operations.GetValueOrDefault("commit")?.LatencyMs.P99;
        var targetMs = RoomTargetMs(sale);
        var failures = new List<string>();
        if (!soldOut)
        {
            failures.Add("not sold out");
        }

        if (violations is null)
        {
            failures.Add("invariants not checked");
        }
        else if (violations > 0)
        {
            failures.Add($"{violations} invariant violation(s)");
        }

        if (commitP99 is null)
        {
            failures.Add("no commit measured");
        }
        else if (commitP99 >= targetMs)
        {
            failures.Add($"p99 commit over the room's target by {commitP99 - targetMs:0.0} ms");
        }

        // A p99 only speaks for the fans who were offered if every join was made.
        var arrivals = DroppedArrivals(sale);
        if (arrivals is null)
        {
            failures.Add("arrivals not counted");
        }
        else if (arrivals.Value.Dropped > 0)
        {
            failures.Add($"{arrivals.Value.Dropped} joins dropped: the driver ran out of fans in flight");
        }

        return failures;
    }

    /// <summary>The hold and commit p99 the sale's room was given (its knob), else the benchmark's 100 ms.</summary>
    public static double RoomTargetMs(RunReport sale) =>
        double.TryParse(sale.Knobs.GetValueOrDefault("target_p99_ms"), CultureInfo.InvariantCulture, out var target) ? target : FlashSaleCommitP99Ms;

    private static string Ms(double? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>The flash sale's dropped and scheduled arrivals; null when the run did not count them.</summary>
    public static (long Dropped, long Scheduled)? DroppedArrivals(RunReport sale) =>
        long.TryParse(sale.Facts.GetValueOrDefault("arrivals_dropped"), CultureInfo.InvariantCulture, out var dropped)
        && long.TryParse(sale.Facts.GetValueOrDefault("arrivals_scheduled"), CultureInfo.InvariantCulture, out var scheduled)
            ? (dropped, scheduled)
            : null;
}
