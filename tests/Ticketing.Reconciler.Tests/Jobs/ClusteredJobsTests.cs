using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.TestSupport;
using Xunit.Abstractions;

namespace Ticketing.Reconciler.Tests.Jobs;

/// <summary>Two Reconciler processes share the Quartz store: every firing of a recurring job runs on exactly one of them.</summary>
public sealed class ClusteredJobsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EachFiringRunsOnceAcrossTwoProcessesAndTheSurvivorCarriesOnAfterAKill()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        await harness.CreateEventOnSaleAsync();
        WorkerProcess Start(string instance) => WorkerProcess.Start(instance, harness, new Dictionary<string, string>
        {
            ["Reconciler:Outbox:Enabled"] = "false",
            ["Reconciler:Jobs:InstanceId"] = instance,
            ["Reconciler:Jobs:ExpirySweepSeconds"] = "1",
            ["Reconciler:Jobs:ReconcileSeconds"] = "3600",
            ["Reconciler:Jobs:LoadEventsSeconds"] = "3600",
            ["Reconciler:Jobs:ClusterCheckinSeconds"] = "1",
        });

        using var nodeA = Start("node-a");
        using var nodeB = Start("node-b");
        await Eventually.HoldsAsync(async () => await SweepsAsync(harness) >= 12, TimeSpan.FromSeconds(90),
            $"the sweep did not fire 12 times:\n{nodeA.RecentOutput}\n{nodeB.RecentOutput}");

        Assert.Equal(2, await harness.DataSource.CountAsync(
            "SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name IN ('node-a', 'node-b')"));
        Assert.Equal(0, await harness.DataSource.CountAsync("""
            SELECT count(*) FROM (
                SELECT scheduled_at FROM job_executions WHERE job_name = 'expire-holds'
                GROUP BY scheduled_at HAVING count(*) > 1) AS doubled
            """));
        Assert.Equal(0, await harness.DataSource.CountAsync("SELECT count(*) FROM job_executions WHERE NOT succeeded"));
        foreach (var (instance, runs) in await harness.DataSource.QueryListAsync<(string, long)>(
            "SELECT instance_id, count(*) FROM job_executions GROUP BY instance_id ORDER BY 1"))
        {
            output.WriteLine($"{instance}: {runs} executions");
        }

        // The survivor takes over every firing once the other process is gone.
        nodeA.Kill();
        var killedAt = DateTime.UtcNow;
        await Eventually.HoldsAsync(async () => await harness.DataSource.CountAsync(
            "SELECT count(*) FROM job_executions WHERE instance_id = 'node-b' AND started_at > @killedAt", new { killedAt }) >= 3,
            TimeSpan.FromSeconds(60), $"node-b did not carry on:\n{nodeB.RecentOutput}");

        var last = Assert.Single(await harness.Get<IOpsQueries>().JobLastRunsAsync(), run => run.JobName == "expire-holds");
        Assert.Equal(("node-b", true), (last.InstanceId, last.Succeeded));

        // An hour-long job fires at most once when its schedule is first stored (whether that first firing has
        // happened yet depends on which node acquired it before the kill): the second process starting, and
        // the survivor recovering the dead node's triggers, must not fire it again.
        Assert.InRange(await harness.DataSource.CountAsync("SELECT count(*) FROM job_executions WHERE job_name = 'reconcile'"), 0, 1);
    }

    [Fact]
    public async Task AWorkerStartedWithANewIntervalReschedulesTheStoredTrigger()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        await harness.CreateEventOnSaleAsync();
        WorkerProcess Start(int sweepSeconds) => WorkerProcess.Start("node-a", harness, new Dictionary<string, string>
        {
            ["Reconciler:Outbox:Enabled"] = "false",
            ["Reconciler:Jobs:InstanceId"] = "node-a",
            ["Reconciler:Jobs:ExpirySweepSeconds"] = sweepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Reconciler:Jobs:ReconcileSeconds"] = "3600",
            ["Reconciler:Jobs:LoadEventsSeconds"] = "3600",
            ["Reconciler:Jobs:ClusterCheckinSeconds"] = "1",
        });

        // The first deployment stores an hourly sweep, which fires once when stored.
        using (var hourly = Start(3600))
        {
            await Eventually.HoldsAsync(async () => await SweepsAsync(harness) >= 1, TimeSpan.FromSeconds(60),
                $"the first sweep did not fire:\n{hourly.RecentOutput}");
            hourly.Kill();
        }

        // The next deployment sweeps every second: the stored trigger must follow the options.
        var before = await SweepsAsync(harness);
        using var everySecond = Start(1);
        await Eventually.HoldsAsync(async () => await SweepsAsync(harness) >= before + 3, TimeSpan.FromSeconds(60),
            $"the sweep kept its stored hourly interval:\n{everySecond.RecentOutput}");
    }

    private static Task<long> SweepsAsync(ReconcilerHarness harness) =>
        harness.DataSource.CountAsync("SELECT count(*) FROM job_executions WHERE job_name = 'expire-holds'");
}
