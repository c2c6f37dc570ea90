using Ticketing.Load.Bench;

namespace Ticketing.Load.Tests.Bench;

public sealed class BenchParsingTests
{
    [Fact]
    public void AWrkRunIsReadFromItsSummaryLine()
    {
        const string output = """
            Running 15s test @ http://127.0.0.1:8290
              2 threads and 64 connections
            Requests/sec:   4000.00
            WRK_JSON {"requests": 60000, "duration_s": 15.000, "statuses": {"201": 54000, "409": 6000}, "socket_errors": {"connect": 0, "read": 1, "write": 0, "timeout": 2}, "latency_ms": {"p50": 9.500, "p90": 20.000, "p99": 41.250, "max": 90.000, "mean": 11.000}}
            """;

        var run = WrkRun.Parse(output)!;

        Assert.Equal(3600, run.RateOf(201));
        Assert.Equal(0.1, run.Share(409), 6);
        Assert.Equal(3, run.SocketErrors);
        Assert.Equal(41.25, run.P99);
        Assert.Null(WrkRun.Parse("Requests/sec: 10"));
    }

    [Fact]
    public void PgbenchHoldsCountOnlyTransactionsThatLeftABooking()
    {
        const string output = """
            number of clients: 32
            number of transactions actually processed: 30000
            number of failed transactions: 0 (0.000%)
            latency average = 14.736 ms
            tps = 2000.000000 (without initial connection time)
            """;

        var run = PgbenchRun.Parse(output)! with { Bookings = 27_000 };

        Assert.Equal(32, run.Clients);
        Assert.Equal(14.736, run.LatencyAverageMs);
        Assert.Equal(1800, run.HoldsPerSecond, 6);
    }

    [Fact]
    public void CpuPhasesAreTheDifferenceOfTheirSamplesOverTheirWallTime()
    {
        const string samples = """
            hold start 100.0 10.00 50.00 5.00
            hold end 110.0 17.50 64.00 5.50
            unfinished start 120.0 1 1 1
            """;

        var phase = Assert.Single(CpuPhase.Parse(samples));

        Assert.Equal("hold", phase.Label);
        Assert.Equal(0.75, phase.RedisCores, 6);
        Assert.Equal(1.4, phase.ApiCores, 6);
        Assert.Equal(0.05, phase.PostgresCores, 6);
    }

    [Fact]
    public void RedisCommandStatsAreRankedByTotalTime()
    {
        const string info = """
            cmdstat_ping:calls=10,usec=5,usec_per_call=0.50,rejected_calls=0,failed_calls=0
            cmdstat_evalsha:calls=1000,usec=42000,usec_per_call=42.00,rejected_calls=0,failed_calls=0
            """;

        var stats = RedisCommandStat.Parse(info);

        Assert.Equal(["evalsha", "ping"], stats.Select(stat => stat.Command));
        Assert.Equal(42.0, stats[0].MicrosPerCall);
    }

    [Fact]
    public void TheDiskFsyncRateIsTheFirstFdatasyncLine()
    {
        const string output = """
            Compare file sync methods using one 8kB write:
                    open_datasync                       477.247 ops/sec    2095 usecs/op
                    fdatasync                           289.966 ops/sec    3449 usecs/op
            Compare file sync methods using two 8kB writes:
                    fdatasync                           546.837 ops/sec    1829 usecs/op
            """;

        Assert.Equal(289.966, BenchResults.FdatasyncRate(output));
    }
}
