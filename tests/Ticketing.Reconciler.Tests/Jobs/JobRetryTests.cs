using Ticketing.Reconciler.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Reconciler.Tests.Jobs;

/// <summary>A job that fails is retried with its backoff and, once its retries are spent, left failed where the dashboard lists it.</summary>
public sealed class JobRetryTests
{
    [Fact]
    public async Task ASweepThatCannotReachRedisIsRetriedAndThenShownAsFailed()
    {
        await using var redis = await RedisServer.StartAsync(appendFsync: "no");
        await using var harness = await ReconcilerHarness.StartAsync(redis);
        await harness.CreateEventOnSaleAsync();
        var elsewhere = $"{(DateTime.UtcNow.Minute + 30) % 60} * * * *";
        using var worker = WorkerProcess.Start("retrier", harness, new Dictionary<string, string>
        {
            ["Reconciler:Outbox:Enabled"] = "false",
            ["Reconciler:Jobs:ServerName"] = "retrier",
            ["Reconciler:Jobs:ExpirySweepCron"] = "*/5 * * * * *",
            ["Reconciler:Jobs:ReconcileCron"] = elsewhere,
            ["Reconciler:Jobs:LoadEventsCron"] = elsewhere,
        });
        await Eventually.HoldsAsync(async () => await harness.DataSource.CountAsync(
            "SELECT count(*) FROM job_executions WHERE job_name = 'expire-holds' AND succeeded") >= 1,
            TimeSpan.FromSeconds(60), $"the sweep never ran:\n{worker.RecentOutput}");

        redis.Kill();

        // Attempt, retry after 1 s, retry after 2 s: then the job is Failed, the state the dashboard's Failed page lists.
        await Eventually.HoldsAsync(async () => await harness.DataSource.CountAsync("""
            SELECT count(*) FROM hangfire.job j
            WHERE j.statename = 'Failed'
              AND EXISTS (SELECT 1 FROM hangfire.state s WHERE s.jobid = j.id AND s.name = 'Scheduled' AND s.reason LIKE 'Retry attempt 2 of 2%')
            """) >= 1, TimeSpan.FromSeconds(90), $"no sweep was retried and then failed:\n{worker.RecentOutput}");
        Assert.True(await harness.DataSource.CountAsync(
            "SELECT count(*) FROM job_executions WHERE job_name = 'expire-holds' AND NOT succeeded AND error IS NOT NULL") >= 3);
    }
}
