using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Orders;
using Ticketing.TestSupport;
using Xunit.Abstractions;

namespace Ticketing.Reconciler.Tests.Outbox;

/// <summary>
/// The writer as a worker process sleeps until a commit wakes it and reads every stream only on
/// its safety poll: commits still reach PostgreSQL promptly, a lost wake only delays an order,
/// and an idle writer costs Redis a few reads per event per safety period.
/// </summary>
public sealed partial class WakeOnCommitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ACommitReachesPostgresOnItsWakeLongBeforeTheSafetyPoll()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var first = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));
        using var worker = StartWriter(harness, safetyPollSeconds: 600);

        // The writer's first pass, right after it subscribed, writes the order committed before it started.
        await Eventually.HoldsAsync(() => IsWrittenAsync(harness, first), TimeSpan.FromSeconds(90),
            $"the writer never made its first pass:\n{worker.RecentOutput}");

        // The next full pass is ten minutes away: only the commit's wake can bring this order in time.
        var second = await harness.Engine.BuyAsync(record.Id, "u2", Sales.Seat("A", 2));
        await Eventually.HoldsAsync(() => IsWrittenAsync(harness, second), TimeSpan.FromSeconds(60),
            $"the commit did not wake the writer:\n{worker.RecentOutput}");
    }

    [Fact]
    public async Task AnOrderWhoseWakeWasLostReachesPostgresOnTheSafetyPoll()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var announced = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));
        using var worker = StartWriter(harness, safetyPollSeconds: 1);
        await Eventually.HoldsAsync(() => IsWrittenAsync(harness, announced), TimeSpan.FromSeconds(90),
            $"the writer never made its first pass:\n{worker.RecentOutput}");

        // An entry appended with no wake, as when the message is lost (pub/sub does not queue for a
        // reconnecting subscriber). Nothing will ever announce it: only a full pass can find it.
        var unannounced = Sales.CopyWithNewIds(announced, "u2", "unannounced", Sales.Seat("A", 2));
        await harness.Redis.AppendToOutboxAsync(unannounced);

        await Eventually.HoldsAsync(() => IsWrittenAsync(harness, unannounced), TimeSpan.FromSeconds(60),
            $"the safety poll did not find the unannounced entry:\n{worker.RecentOutput}");
    }

    [Fact]
    public async Task AnIdleWriterReadsEachStreamOnlyOnItsSafetyPoll()
    {
        const int Events = 20;
        const int SafetyPollSeconds = 1;

        // A server of its own: the stream reads counted are then the writer's alone. The writer
        // runs in this process on a clock the test moves, so the only passes are the ones the
        // test lets time bring.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var redis = await RedisServer.StartAsync(appendFsync: "everysec");
        await using var harness = await ReconcilerHarness.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Reconciler:Outbox:Enabled"] = "true",
            ["Reconciler:Outbox:SafetyPollSeconds"] = SafetyPollSeconds.ToString(CultureInfo.InvariantCulture),
        }, time);
        for (var i = 0; i < Events; i++)
        {
            // One order per event, so every stream and consumer group exists, as after a sale's first commit.
            var record = await harness.CreateEventOnSaleAsync(rows: 1, seatsPerRow: 4);
            await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));
        }

        await harness.StartBackgroundServicesAsync();
        await Eventually.HoldsAsync(async () => await harness.DataSource.CountAsync("SELECT count(*) FROM orders") == Events,
            TimeSpan.FromSeconds(90), "the writer did not write the first orders");

        // Five safety periods, each waited out until its pass has read every stream. A period
        // that passed before the writer began waiting for it is lost to the writer, so time is
        // moved again until the pass comes: every move counts in what the writer may read.
        const int Passes = 5;
        var before = await StreamReadsAsync(harness);
        var periods = 0;
        for (var pass = 1; pass <= Passes; pass++)
        {
            var expected = before + pass * Events;
            await Eventually.HoldsAsync(async () =>
            {
                if (await StreamReadsAsync(harness) >= expected)
                {
                    return true;
                }

                time.Advance(TimeSpan.FromSeconds(SafetyPollSeconds));
                periods++;
                return false;
            }, TimeSpan.FromSeconds(60), $"pass {pass} never read every stream");
        }

        // Per event: one read per safety period and one claim (made at most every half
        // claim-idle period, 15 s). Polling without waiting, or on the wall clock, reads far more.
        var reads = await StreamReadsAsync(harness) - before;
        var allowed = Events * (periods + 1);
        output.WriteLine($"{reads} stream reads in {periods} safety periods with {Events} idle events; allowed {allowed}");
        Assert.InRange(reads, Passes * Events, allowed);
    }

    private static WorkerProcess StartWriter(ReconcilerHarness harness, int safetyPollSeconds) =>
        WorkerProcess.Start("outbox-writer", harness, new Dictionary<string, string>
        {
            ["Reconciler:Jobs:Enabled"] = "false",
            ["Reconciler:Outbox:SafetyPollSeconds"] = safetyPollSeconds.ToString(CultureInfo.InvariantCulture),
        });

    private static async Task<bool> IsWrittenAsync(ReconcilerHarness harness, OrderRecord order) =>
        await harness.DataSource.CountAsync("SELECT count(*) FROM orders WHERE id = @OrderId", order) == 1;

    /// <summary>Reads of outbox streams Redis has served (XREADGROUP and XAUTOCLAIM), from <c>INFO commandstats</c>.</summary>
    private static async Task<long> StreamReadsAsync(ReconcilerHarness harness)
    {
        var info = (string)(await harness.Redis.ExecuteAsync("INFO", "commandstats"))!;
        return StreamReadStat().Matches(info).Sum(match => long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^cmdstat_x(?:readgroup|autoclaim):calls=(\d+),", RegexOptions.Multiline)]
    private static partial Regex StreamReadStat();
}
