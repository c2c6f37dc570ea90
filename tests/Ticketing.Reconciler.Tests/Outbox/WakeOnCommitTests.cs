using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
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

        // A server of its own: the script calls counted are then the writer's alone.
        await using var redis = await RedisServer.StartAsync(appendFsync: "everysec");
        await using var harness = await ReconcilerHarness.StartAsync(redis);
        var orders = new List<OrderRecord>();
        for (var i = 0; i < Events; i++)
        {
            // One order per event, so every stream and consumer group exists, as after a sale's first commit.
            var record = await harness.CreateEventOnSaleAsync(rows: 1, seatsPerRow: 4);
            orders.Add(await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1)));
        }

        using var worker = StartWriter(harness, SafetyPollSeconds);
        await Eventually.HoldsAsync(async () => await harness.DataSource.CountAsync("SELECT count(*) FROM orders") == Events,
            TimeSpan.FromSeconds(90), $"the writer did not write the first orders:\n{worker.RecentOutput}");

        var before = await ScriptCallsAsync(harness);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var calls = await ScriptCallsAsync(harness) - before;
        var elapsed = clock.Elapsed;

        // Per event: one read per safety period, one more for a pass that straddles the window's
        // edge, and one claim (made at most every half claim-idle period). A slow machine only
        // makes fewer passes. Polling every 20 ms, as the writer used to, is 50 reads per event
        // per second: 2,000 here.
        var allowed = Events * (elapsed.TotalSeconds / SafetyPollSeconds + 2);
        output.WriteLine($"{calls} script calls in {elapsed.TotalSeconds:F2} s with {Events} idle events ({calls / elapsed.TotalSeconds:F1}/s); allowed {allowed:F0}");
        Assert.InRange(calls, 1, (long)allowed);
    }

    private static WorkerProcess StartWriter(ReconcilerHarness harness, int safetyPollSeconds) =>
        WorkerProcess.Start("outbox-writer", harness, new Dictionary<string, string>
        {
            ["Reconciler:Jobs:Enabled"] = "false",
            ["Reconciler:Outbox:SafetyPollSeconds"] = safetyPollSeconds.ToString(CultureInfo.InvariantCulture),
        });

    private static async Task<bool> IsWrittenAsync(ReconcilerHarness harness, OrderRecord order) =>
        await harness.DataSource.CountAsync("SELECT count(*) FROM orders WHERE id = @OrderId", order) == 1;

    /// <summary>Scripts Redis has run (EVAL and EVALSHA), from <c>INFO commandstats</c>.</summary>
    private static async Task<long> ScriptCallsAsync(ReconcilerHarness harness)
    {
        var info = (string)(await harness.Redis.ExecuteAsync("INFO", "commandstats"))!;
        return ScriptStat().Matches(info).Sum(match => long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^cmdstat_eval(?:sha)?:calls=(\d+),", RegexOptions.Multiline)]
    private static partial Regex ScriptStat();
}
