using System.Globalization;
using Ticketing.Load.Bench;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Tests.Bench;

public sealed class SaleCpuTests
{
    private const double Start = 1_800_000_000;

    // A 100 s stadium phase sampled once a second: a quiet pre-queue until the open at 30 s, the sale
    // until the sell-out at 90 s (Redis 0.3, Api 1.2, PostgreSQL 0.1, load generator 0.3 cores), then
    // the invariant check (the load generator alone, 0.5 cores).
    private static IReadOnlyList<CpuSample> Stadium()
    {
        var samples = new List<CpuSample>();
        double redis = 0, api = 0, postgres = 0, driver = 0;
        for (var second = 0; second <= 100; second++)
        {
            samples.Add(new CpuSample(Start + second, redis, api, postgres, driver));
            var (r, a, p, d) = second switch
            {
                < 30 => (0.02, 0.05, 0.01, 0.02),
                < 90 => (0.3, 1.2, 0.1, 0.3),
                _ => (0.0, 0.0, 0.0, 0.5),
            };
            (redis, api, postgres, driver) = (redis + r, api + a, postgres + p, driver + d);
        }

        return samples;
    }

    private static RunReport Sale(double? opensAfter, double endsAfter, bool soldOut)
    {
        var facts = new Dictionary<string, string>
        {
            ["sold_out"] = soldOut ? "true" : "false",
            ["room_reason_at_end"] = "healthy",
            ["driver_cpu_seconds"] = "18",
            ["sale_window_start_unix"] = Unix(Start + (opensAfter ?? 0.4)),
            ["sale_window_end_unix"] = Unix(Start + endsAfter),
        };
        if (opensAfter is { } open)
        {
            facts["pre_queue_seconds"] = open.ToString(CultureInfo.InvariantCulture);
        }

        return new RunReport("flash-sale", DateTimeOffset.UtcNow, 100, new Dictionary<string, string>(),
            new Dictionary<string, OperationSummary>(), [], facts, null);
    }

    private static string Unix(double seconds) => seconds.ToString("F3", CultureInfo.InvariantCulture);

    private static BenchResults Results(RunReport stadium, IReadOnlyList<CpuSample>? everySecond) =>
        new(new Dictionary<string, string> { ["nproc"] = "2" }, [], null, null, null, null, null, null, null, null,
            // The phase as a whole: 100 s with the quiet pre-queue and the check in it.
            [new CpuPhase("stadium-sale", 100, RedisSeconds: 18.6, ApiSeconds: 73.6, PostgresSeconds: 6.3)],
            new Dictionary<string, IReadOnlyList<RedisCommandStat>>(), null, Stadium: stadium,
            CpuEverySecond: everySecond is null ? null : new Dictionary<string, IReadOnlyList<CpuSample>> { ["stadium-sale"] = everySecond });

    [Fact]
    public void TheStadiumsVerdictCoversTheSaleNotTheQuietPreQueueAroundIt()
    {
        var document = BenchmarkDocument.Render(Results(Sale(opensAfter: 30, endsAfter: 90, soldOut: true), Stadium()));

        Assert.Contains(
            "**Binding resource: Api CPU** (over the 60.0 s from the open to the sell-out: Redis 0.30 of its one core, Api 1.20, " +
            "load generator 0.30, PostgreSQL 0.10: 1.90 of 2 cores; the cores were 95 % busy and Api CPU used the most of them (1.20).)",
            document, StringComparison.Ordinal);
        Assert.DoesNotContain("none of the CPUs", document, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWindowIsBracketedByTheSamplesJustOutsideIt()
    {
        // The open at 30.4 s and the end at 89.6 s fall between samples: the bracket is 30 s to 90 s.
        var window = SaleCpu.Of(Stadium(), Sale(opensAfter: 30.4, endsAfter: 89.6, soldOut: true))!;

        Assert.Equal(60, window.Phase.WallSeconds, 6);
        Assert.Equal(1.2, window.Phase.ApiCores, 6);
        Assert.Equal(0.3, window.DriverCores, 6);
        Assert.Equal("the 59.2 s from the open to the sell-out", window.Span);
    }

    [Fact]
    public void TheReportShowsTheWindowStepByStep()
    {
        var document = BenchmarkDocument.Render(Results(Sale(opensAfter: 30, endsAfter: 90, soldOut: true), Stadium()));

        Assert.Contains("Cores used through that window, every 5 s (samples taken once a second):", document, StringComparison.Ordinal);
        Assert.Contains("| seconds in | Redis | Api | PostgreSQL | load generator | all, of 2 |", document, StringComparison.Ordinal);
        Assert.Contains("| 0 | 0.30 | 1.20 | 0.10 | 0.30 | 1.90 |", document, StringComparison.Ordinal);
        Assert.Contains("| 55 | 0.30 | 1.20 | 0.10 | 0.30 | 1.90 |", document, StringComparison.Ordinal);
        Assert.DoesNotContain("| 60 |", document, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongerWindowGetsLongerStepsInMultiplesOfFiveSeconds()
    {
        Assert.Equal(5, SaleCpu.StepFor(60));
        Assert.Equal(5, SaleCpu.StepFor(100));
        Assert.Equal(10, SaleCpu.StepFor(101));
        Assert.Equal(15, SaleCpu.StepFor(208));
    }

    [Fact]
    public void ASaleWithoutPreQueueThatDidNotSellOutRunsFromTheFirstJoinToTheEndOfBuying()
    {
        var window = SaleCpu.Of(Stadium(), Sale(opensAfter: null, endsAfter: 90, soldOut: false))!;

        Assert.Equal("the 89.6 s from the first join to the end of buying", window.Span);
    }

    [Fact]
    public void ARunWithoutSamplesOfTheWindowFallsBackToTheWholePhaseAndSaysSo()
    {
        var document = BenchmarkDocument.Render(Results(Sale(opensAfter: 30, endsAfter: 90, soldOut: true), everySecond: null));

        // Over the whole phase the quiet pre-queue and the check hide the busy sale.
        Assert.Contains("**Binding resource: none of the CPUs: the admission loop's rate** (Redis 0.19 of its one core, Api 0.74, load generator 0.18",
            document, StringComparison.Ordinal);
        Assert.Contains("this run has no samples of the sale's window alone.)", document, StringComparison.Ordinal);
        Assert.DoesNotContain("Cores used through that window", document, StringComparison.Ordinal);
    }

    [Fact]
    public void ADriverThatDidNotReportItsWindowGivesNoWindow()
    {
        var sale = Sale(opensAfter: 30, endsAfter: 90, soldOut: true);
        sale = sale with { Facts = sale.Facts.Where(fact => !fact.Key.StartsWith("sale_window_", StringComparison.Ordinal)).ToDictionary() };

        Assert.Null(SaleCpu.Of(Stadium(), sale));
    }

    [Fact]
    public void SampleLinesCutShortByTheDriversEndAreSkipped()
    {
        const string text = """
            1800000000.000 1.00 2.00 0.50 3.00
            1800000001.000 1.30 3.20 0.60 3.30
            1800000002.000 1.60 4.40 0.70
            """;

        var samples = CpuSample.Parse(text);

        Assert.Equal(2, samples.Count);
        Assert.Equal(3.3, samples[^1].Driver);
    }
}
