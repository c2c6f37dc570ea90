using Ticketing.Load.Bench;
using Ticketing.Load.Invariants;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Tests.Bench;

public sealed class TargetVerdictsTests
{
    private static WrkRun Wrk(int status, long count) =>
        new(count, 10, new Dictionary<int, long> { [status] = count }, 0, 1, 2, 3, 4);

    private static BenchResults Results(
        WrkRun? ping = null, PgbenchRun? baseline = null, WrkRun? hold = null, RunReport? sale = null,
        WrkRun? polls = null, WrkRun? joins = null, long? joinUsers = null) =>
        new(new Dictionary<string, string>(), [], ping, baseline, hold, null, sale, null, null, null, [],
            new Dictionary<string, IReadOnlyList<RedisCommandStat>>(), null, null, polls, joins, joinUsers);

    [Fact]
    public void AHoldRateTenTimesTheBaselineAndHalfThePingRateMeetsBothRatioTargets()
    {
        var verdicts = TargetVerdicts.Judge(Results(
            ping: Wrk(200, 100_000), baseline: new PgbenchRun(10_000, 0, 10, 500, 32), hold: Wrk(201, 50_000)));

        Assert.True(verdicts[0].Met);
        Assert.Equal("10.0×", verdicts[0].Measured);
        Assert.True(verdicts[1].Met);
    }

    [Fact]
    public void AMissedTargetSaysByHowMuch()
    {
        var verdicts = TargetVerdicts.Judge(Results(
            ping: Wrk(200, 100_000), baseline: new PgbenchRun(10_000, 0, 10, 1_000, 32), hold: Wrk(201, 30_000)));

        Assert.False(verdicts[0].Met);
        Assert.Contains("short by 7000/s", verdicts[0].Note, StringComparison.Ordinal);
        Assert.False(verdicts[1].Met);
        Assert.Null(verdicts[2].Met);
    }

    private static RunReport Sale(double commitP99, long dropped, params string[] violations)
    {
        var commit = new OperationSummary(1_000, 100, new LatencySummary(5, 8, 10, commitP99, 300, 6), 0, new Dictionary<string, long> { ["200"] = 1_000 });
        var hold = new OperationSummary(1_200, 120, new LatencySummary(4, 7, 9, 15, 200, 5), 0, new Dictionary<string, long> { ["201"] = 1_200 });
        var invariants = new InvariantReport("event", DateTimeOffset.UtcNow, [new InvariantResult("no_seat_sold_twice", "tickets", violations)]);
        return new RunReport("flash-sale", DateTimeOffset.UtcNow, 30,
            new Dictionary<string, string> { ["fans"] = "3000", ["join_rate"] = "400", ["target_p99_ms"] = "100", ["max_active"] = "1000" },
            new Dictionary<string, OperationSummary> { ["commit"] = commit, ["hold"] = hold }, [],
            new Dictionary<string, string>
            {
                ["sold_out"] = "true", ["seconds_to_sell_out"] = "63.1", ["room_rate_at_end"] = "180", ["room_reason_at_end"] = "healthy",
                ["arrivals_scheduled"] = "3000", ["arrivals_dropped"] = dropped.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            invariants);
    }

    [Fact]
    public void AFlashSaleThroughTheRoomSoldOutCleanlyUnderItsTargetMeetsItsTarget()
    {
        var verdict = TargetVerdicts.Judge(Results(sale: Sale(commitP99: 20, dropped: 0)))[3];

        Assert.True(verdict.Met);
        Assert.Equal("sold out in 63.1 s, 0 violations, p99 hold 15.0 / commit 20.0 ms (target 100), 0 of 3000 joins dropped", verdict.Measured);
    }

    [Fact]
    public void TheFlashSaleSectionComparesTheSellOutWithTheFixedRateRunAndNamesTheRateTheLoopSet()
    {
        var document = BenchmarkDocument.Render(Results(sale: Sale(commitP99: 20, dropped: 0)));

        Assert.Contains("| time to sell out | 63.1 s (50 % of before) | 126.2 s |", document, StringComparison.Ordinal);
        Assert.Contains("180/s (healthy)", document, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlashSaleOverTheRoomsLatencyTargetMissesIt()
    {
        var verdict = TargetVerdicts.Judge(Results(sale: Sale(commitP99: 140, dropped: 0)))[3];

        Assert.False(verdict.Met);
        Assert.Equal("p99 commit over the room's target by 40.0 ms", verdict.Note);
    }

    [Fact]
    public void QueuePollsAndJoinsAreJudgedAgainstThePingOfTheSameRun()
    {
        var verdicts = TargetVerdicts.Judge(Results(ping: Wrk(200, 100_000), polls: Wrk(200, 60_000), joins: Wrk(201, 30_000)));

        Assert.True(verdicts[4].Met);
        Assert.Equal("60 %", verdicts[4].Measured);
        Assert.False(verdicts[5].Met);
        Assert.Equal("30 %", verdicts[5].Measured);
    }

    [Fact]
    public void TheQueueSectionSaysWhenJoinsOutlastedTheFreshUsers()
    {
        var document = BenchmarkDocument.Render(Results(ping: Wrk(200, 100_000), polls: Wrk(200, 60_000), joins: Wrk(201, 30_000), joinUsers: 20_000));

        Assert.Contains("## Waiting room over HTTP", document, StringComparison.Ordinal);
        Assert.Contains("The first 20000 joins were different users' first; the other 10000", document, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlashSaleWithAViolationMissesItsTargetEvenWhenFast()
    {
        var verdict = TargetVerdicts.Judge(Results(sale: Sale(commitP99: 20, dropped: 0, "seat S01-R001-1 has 2 tickets")))[3];

        Assert.False(verdict.Met);
        Assert.Equal("1 invariant violation(s)", verdict.Note);
    }

    [Fact]
    public void AFlashSaleThatDroppedJoinsMissesItsTargetSinceItsLatencySpeaksForFewerFans()
    {
        var sale = Sale(commitP99: 20, dropped: 12);

        var verdict = TargetVerdicts.Judge(Results(sale: sale))[3];
        var document = BenchmarkDocument.Render(Results(sale: sale));

        Assert.False(verdict.Met);
        Assert.Equal("12 joins dropped: the driver ran out of fans in flight", verdict.Note);
        Assert.Contains("**12 of 3000 joins were dropped**", document, StringComparison.Ordinal);
        Assert.Contains("3000 fans joined at 400 per second", document, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlashSaleReportWithoutArrivalCountsCannotMeetItsTarget()
    {
        var sale = Sale(commitP99: 20, dropped: 0);
        sale = sale with { Facts = sale.Facts.Where(fact => !fact.Key.StartsWith("arrivals_", StringComparison.Ordinal)).ToDictionary() };

        var verdict = TargetVerdicts.Judge(Results(sale: sale))[3];

        Assert.False(verdict.Met);
        Assert.Equal("arrivals not counted", verdict.Note);
    }

    private static RunReport Stadium(double? secondsFromOpen)
    {
        var sale = Sale(commitP99: 40, dropped: 0);
        var facts = new Dictionary<string, string>(sale.Facts)
        {
            ["pre_queue_seconds"] = "30.5",
            ["seconds_from_open_to_sell_out"] = secondsFromOpen?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not sold out",
            ["driver_cpu_seconds"] = "27",
        };
        return sale with { Facts = facts };
    }

    [Fact]
    public void TheStadiumOnSaleIsTimedFromItsOpenAgainstSixtySeconds()
    {
        var met = TargetVerdicts.Judge(Results() with { Stadium = Stadium(secondsFromOpen: 55.2) })[^1];
        var late = TargetVerdicts.Judge(Results() with { Stadium = Stadium(secondsFromOpen: 71.0) })[^1];

        Assert.True(met.Met);
        Assert.StartsWith("sold out 55.2 s after the open, 0 violations", met.Measured, StringComparison.Ordinal);
        Assert.False(late.Met);
        Assert.Equal("sold out 11.0 s later than the goal", late.Note);
    }

    [Fact]
    public void TheStadiumSectionNamesTheBindingResourceFromTheSalesCpuSplit()
    {
        var results = Results() with
        {
            Stadium = Stadium(secondsFromOpen: 55.2),
            Machine = new Dictionary<string, string> { ["nproc"] = "2" },
            Cpu = [new CpuPhase("stadium-sale", 60, RedisSeconds: 12, ApiSeconds: 36, PostgresSeconds: 6)],
        };

        var document = BenchmarkDocument.Render(results);

        Assert.Contains("## Stadium on-sale: 50,000 seats through the waiting room", document, StringComparison.Ordinal);
        Assert.Contains("| time from the open to sell-out | 55.2 s | ≤ 60 s |", document, StringComparison.Ordinal);
        // The sale ran 30 s with 27 s of driver CPU: 0.9 cores, the most of 1.8 busy cores (Api 0.6).
        Assert.Contains("**Binding resource: the load generator**", document, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunThatStartedOnABusyMachineSaysSo()
    {
        var busy = new Dictionary<string, string> { ["nproc"] = "2", ["load_before"] = "9.65 12.55 10.55" };
        var quiet = new Dictionary<string, string> { ["nproc"] = "2", ["load_before"] = "0.40 0.50 0.60" };

        Assert.Equal((9.65, 2.0), BenchmarkDocument.Busy(busy));
        Assert.Null(BenchmarkDocument.Busy(quiet));
        Assert.Contains("**The machine was busy with other work", BenchmarkDocument.Render(Results() with { Machine = busy }), StringComparison.Ordinal);
    }
}
