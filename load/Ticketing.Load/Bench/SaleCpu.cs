using System.Globalization;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Bench;

/// <summary>
/// One of the samples load/bench.sh takes every second while a sale runs: the wall clock (unix
/// seconds), then the cumulative CPU seconds of Redis, the Api, PostgreSQL and the load generator.
/// </summary>
public sealed record CpuSample(double Wall, double Redis, double Api, double Postgres, double Driver)
{
    /// <summary>Reads the "WALL REDIS API PG DRIVER" lines of cpu-seconds-LABEL.txt; a line cut short (the driver just ended) is skipped.</summary>
    public static IReadOnlyList<CpuSample> Parse(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 5)
            .Select(parts => parts.Select(value => double.Parse(value, CultureInfo.InvariantCulture)).ToArray())
            .Select(values => new CpuSample(values[0], values[1], values[2], values[3], values[4]))
            .OrderBy(sample => sample.Wall)
            .ToList();
}

/// <summary>
/// Where the cores went over one sale's window alone: from the open (without a pre-queue, the first
/// join) to the sell-out (or the end of buying), as the driver reports the window. The measured
/// command's own samples would also count its setup, a quiet pre-queue and the invariant check, and
/// so understate the sale.
/// </summary>
/// <param name="Phase">Redis, the Api and PostgreSQL over the samples that bracket the window.</param>
/// <param name="DriverCores">The load generator over the same samples, in cores.</param>
/// <param name="Span">The window in words, e.g. <c>the 55.2 s from the open to the sell-out</c>.</param>
/// <param name="StepSeconds">The length of each step below.</param>
/// <param name="Steps">The same split step by step through the window, to show when the machine saturated.</param>
public sealed record SaleCpu(CpuPhase Phase, double DriverCores, string Span, double StepSeconds, IReadOnlyList<SaleCpu.Step> Steps)
{
    /// <summary>The cores each process used from <paramref name="From"/> seconds into the window until the next step.</summary>
    public sealed record Step(double From, double Redis, double Api, double Postgres, double Driver)
    {
        public double All => Redis + Api + Postgres + Driver;
    }

    /// <summary>The most steps a window is cut into: a longer window gets longer steps (multiples of 5 s).</summary>
    public const int MostSteps = 20;

    /// <summary>The sale's window cut from <paramref name="samples"/>; null when the driver did not report it or no two samples fall around it.</summary>
    public static SaleCpu? Of(IReadOnlyList<CpuSample> samples, RunReport sale)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(sale);
        if (Unix(sale, "sale_window_start_unix") is not { } start || Unix(sale, "sale_window_end_unix") is not { } end || end <= start)
        {
            return null;
        }

        // The last sample at or before the window's start and the first at or after its end: the
        // bracket is at most a sample longer than the window at either end. Samples that begin
        // late or end early give a shorter bracket, still inside the sale.
        var first = samples.LastOrDefault(sample => sample.Wall <= start) ?? samples.FirstOrDefault();
        var last = samples.FirstOrDefault(sample => sample.Wall >= end) ?? samples.LastOrDefault();
        if (first is null || last is null || last.Wall <= first.Wall)
        {
            return null;
        }

        var from = sale.Facts.ContainsKey("pre_queue_seconds") ? "the open" : "the first join";
        var to = sale.Facts.GetValueOrDefault("sold_out") == "true" ? "the sell-out" : "the end of buying";
        var span = string.Create(CultureInfo.InvariantCulture, $"the {end - start:0.0} s from {from} to {to}");
        var phase = new CpuPhase("sale window", last.Wall - first.Wall, last.Redis - first.Redis, last.Api - first.Api, last.Postgres - first.Postgres);
        var inWindow = samples.Where(sample => sample.Wall >= first.Wall && sample.Wall <= last.Wall).ToList();
        var step = StepFor(end - start);
        return new SaleCpu(phase, (last.Driver - first.Driver) / phase.WallSeconds, span, step, Cut(inWindow, step));
    }

    /// <summary>5 s, or the next multiple of 5 s that cuts the window into at most <see cref="MostSteps"/> steps.</summary>
    public static double StepFor(double windowSeconds) => Math.Max(5, Math.Ceiling(windowSeconds / MostSteps / 5) * 5);

    private static List<Step> Cut(List<CpuSample> samples, double stepSeconds)
    {
        var steps = new List<Step>();
        var origin = samples[0].Wall;
        var from = samples[0];
        var boundary = origin + stepSeconds;
        for (var index = 1; index < samples.Count; index++)
        {
            // A step ends at the first sample on or past its boundary (every stepSeconds from the
            // window's first sample), or at the window's last sample.
            var to = samples[index];
            if (to.Wall < boundary && index < samples.Count - 1)
            {
                continue;
            }

            var seconds = to.Wall - from.Wall;
            steps.Add(new Step(from.Wall - origin, (to.Redis - from.Redis) / seconds, (to.Api - from.Api) / seconds,
                (to.Postgres - from.Postgres) / seconds, (to.Driver - from.Driver) / seconds));
            from = to;
            while (boundary <= to.Wall)
            {
                boundary += stepSeconds;
            }
        }

        return steps;
    }

    private static double? Unix(RunReport sale, string fact) =>
        double.TryParse(sale.Facts.GetValueOrDefault(fact), CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
}
