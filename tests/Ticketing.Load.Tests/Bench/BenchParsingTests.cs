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
}
