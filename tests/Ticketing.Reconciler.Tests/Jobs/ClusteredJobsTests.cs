using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.TestSupport;
using Xunit.Abstractions;

namespace Ticketing.Reconciler.Tests.Jobs;

/// <summary>Two Reconciler processes share Hangfire's PostgreSQL storage: every firing of a recurring job runs on exactly one of them.</summary>
public sealed class ClusteredJobsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EachFiringRunsOnceAcrossTwoProcessesAndTheSurvivorCarriesOnAfterAKill()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        await harness.CreateEventOnSaleAsync();
        WorkerProcess Start(string server) => WorkerProcess.Start(server, harness, Settings(server, sweepCron: "* * * * * *"));

        using var nodeA = Start("node-a");
        using var nodeB = Start("node-b");
        await Eventually.HoldsAsync(async () => await SweepsAsync(harness) >= 12 && await ServersThatSweptAsync(harness) == 2,
            TimeSpan.FromSeconds(90), $"the sweep did not fire 12 times on both processes:\n{nodeA.RecentOutput}\n{nodeB.RecentOutput}");

        await AssertEachFiringRanOnceAsync(harness);
        foreach (var (instance, runs) in await harness.DataSource.QueryListAsync<(string, long)>(
            "SELECT instance_id, count(*) FROM job_executions GROUP BY instance_id ORDER BY 1"))
        {
            output.WriteLine($"{instance}: {runs} executions");
        }

        // The kill lands at a known moment: node-a is frozen first, so from here on it can start nothing,
        // and what it has recorded is final; only then does it die without any shutdown.
        nodeA.Pause();
        var frozenRuns = await RunsOnAsync(harness, "node-a");
        var frozenAt = DateTime.UtcNow;
        nodeA.Kill();

        // The survivor takes over every firing once the other process is gone.
        await Eventually.HoldsAsync(async () => await harness.DataSource.CountAsync(
            "SELECT count(*) FROM job_executions WHERE instance_id = 'node-b' AND started_at > @frozenAt", new { frozenAt }) >= 3,
            TimeSpan.FromSeconds(60), $"node-b did not carry on:\n{nodeB.RecentOutput}");

        Assert.Equal(frozenRuns, await RunsOnAsync(harness, "node-a"));
        await AssertEachFiringRanOnceAsync(harness);
        var last = Assert.Single(await harness.Get<IOpsQueries>().JobLastRunsAsync(), run => run.JobName == "expire-holds");
        Assert.Equal(("node-b", true), (last.InstanceId, last.Succeeded));
        Assert.Equal(0, await harness.DataSource.CountAsync("SELECT count(*) FROM job_executions WHERE NOT succeeded"));
    }

    [Fact]
    public async Task AWorkerStartedWithANewScheduleReplacesTheStoredOne()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        await harness.CreateEventOnSaleAsync();

        // The first deployment stores an hourly sweep; the next one sweeps every second, and the stored schedule must follow.
        using (var hourly = WorkerProcess.Start("node-a", harness, Settings("node-a", sweepCron: "0 * * * *")))
        {
            // The worker installs Hangfire's schema as it starts; its recurring jobs are rows of hangfire.hash.
            await Eventually.HoldsAsync(async () => await harness.DataSource.CountAsync(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'hangfire' AND tablename = 'hash'") == 1
                && await harness.DataSource.CountAsync(
                    "SELECT count(*) FROM hangfire.hash WHERE key = 'recurring-job:expire-holds' AND field = 'Cron' AND value = '0 * * * *'") == 1,
                TimeSpan.FromSeconds(60), $"the hourly sweep was not stored:\n{hourly.RecentOutput}");
            await KillHoldingNoLockAsync(harness, hourly);
        }

        var before = await SweepsAsync(harness);
        using var everySecond = WorkerProcess.Start("node-a", harness, Settings("node-a", sweepCron: "* * * * * *"));
        await Eventually.HoldsAsync(async () => await SweepsAsync(harness) >= before + 3, TimeSpan.FromSeconds(60),
            $"the sweep kept its stored hourly schedule:\n{everySecond.RecentOutput}");
    }

    // A lock of Hangfire's held by a killed process stays until Hangfire.PostgreSql's lock timeout
    // (minutes), and the next worker's update of the schedule would wait behind it: this test is
    // about the schedule, so the worker is frozen, and killed only while it holds no lock.
    private static async Task KillHoldingNoLockAsync(ReconcilerHarness harness, WorkerProcess worker) =>
        await Eventually.HoldsAsync(async () =>
        {
            worker.Pause();
            if (await harness.DataSource.CountAsync("SELECT count(*) FROM hangfire.lock") == 0)
            {
                worker.Kill();
                return true;
            }

            worker.Resume();
            return false;
        }, TimeSpan.FromSeconds(60), () => $"the worker always held a lock:\n{worker.RecentOutput}");

    private static Dictionary<string, string> Settings(string server, string sweepCron) => new()
    {
        ["Reconciler:Outbox:Enabled"] = "false",
        ["Reconciler:Jobs:ServerName"] = server,
        ["Reconciler:Jobs:ExpirySweepCron"] = sweepCron,
        // Hourly at a minute that is never now: these must not fire while the test watches the sweep.
        ["Reconciler:Jobs:ReconcileCron"] = $"{(DateTime.UtcNow.Minute + 30) % 60} * * * *",
        ["Reconciler:Jobs:LoadEventsCron"] = $"{(DateTime.UtcNow.Minute + 30) % 60} * * * *",
        ["Reconciler:Jobs:OpenSalesCron"] = $"{(DateTime.UtcNow.Minute + 30) % 60} * * * *",
    };

    /// <summary>No recurring firing (job and schedule time) ran twice, and no job ran twice.</summary>
    private static async Task AssertEachFiringRanOnceAsync(ReconcilerHarness harness)
    {
        Assert.Equal(0, await harness.DataSource.CountAsync("""
            SELECT count(*) FROM (
                SELECT scheduled_at FROM job_executions WHERE job_name = 'expire-holds'
                GROUP BY scheduled_at HAVING count(*) > 1) AS doubled
            """));
        Assert.Equal(0, await harness.DataSource.CountAsync("""
            SELECT count(*) FROM (SELECT job_id FROM job_executions GROUP BY job_id HAVING count(*) > 1) AS doubled
            """));
    }

    private static Task<long> SweepsAsync(ReconcilerHarness harness) =>
        harness.DataSource.CountAsync("SELECT count(*) FROM job_executions WHERE job_name = 'expire-holds'");

    private static Task<long> ServersThatSweptAsync(ReconcilerHarness harness) =>
        harness.DataSource.CountAsync("SELECT count(DISTINCT instance_id) FROM job_executions WHERE job_name = 'expire-holds'");

    private static Task<long> RunsOnAsync(ReconcilerHarness harness, string server) =>
        harness.DataSource.CountAsync("SELECT count(*) FROM job_executions WHERE instance_id = @server", new { server });
}
