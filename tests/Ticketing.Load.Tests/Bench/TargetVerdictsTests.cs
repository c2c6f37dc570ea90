using Ticketing.Load.Bench;
using Ticketing.Load.Invariants;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Tests.Bench;

public sealed class TargetVerdictsTests
{
    private static WrkRun Wrk(int status, long count) =>
        new(count, 10, new Dictionary<int, long> { [status] = count }, 0, 1, 2, 3, 4);

    private static BenchResults Results(WrkRun? ping = null, PgbenchRun? baseline = null, WrkRun? hold = null, RunReport? sale = null) =>
        new(new Dictionary<string, string>(), [], ping, baseline, hold, null, sale, null, null, null, [],
            new Dictionary<string, IReadOnlyList<RedisCommandStat>>(), null);

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

    [Fact]
    public void AFlashSaleWithAViolationMissesItsTargetEvenWhenFast()
    {
        var commit = new OperationSummary(1_000, 100, new LatencySummary(5, 8, 10, 20, 30, 6), 0, new Dictionary<string, long> { ["200"] = 1_000 });
        var invariants = new InvariantReport("event", DateTimeOffset.UtcNow,
            [new InvariantResult("no_seat_sold_twice", "tickets", ["seat S01-R001-1 has 2 tickets"])]);
        var sale = new RunReport("flash-sale", DateTimeOffset.UtcNow, 30, new Dictionary<string, string>(),
            new Dictionary<string, OperationSummary> { ["commit"] = commit }, [],
            new Dictionary<string, string> { ["sold_out"] = "true", ["seconds_to_sell_out"] = "30.0" }, invariants);

        var verdict = TargetVerdicts.Judge(Results(sale: sale))[3];

        Assert.False(verdict.Met);
        Assert.Equal("1 invariant violation(s)", verdict.Note);
    }
}
