using Ticketing.Reconciler.Jobs;
using Ticketing.Reconciler.Tests.Support;

namespace Ticketing.Reconciler.Tests.Jobs;

/// <summary>The retention purge keeps a day of job executions and 90 days of alarms, repairs and runs.</summary>
public sealed class RetentionPurgeTests
{
    [Fact]
    public async Task OldOperationsRecordsAreDeletedAndRecentOnesKeptAndASecondRunDeletesNothing()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        await harness.DataSource.CountAsync("""
            INSERT INTO job_executions (job_name, instance_id, started_at, finished_at, succeeded)
            VALUES ('expire-holds', 'a', now() - interval '25 hours', now() - interval '25 hours', true),
                   ('expire-holds', 'a', now() - interval '1 hour', now() - interval '1 hour', true);
            INSERT INTO alarms (kind, detail, raised_at)
            VALUES ('oversell', 'old', now() - interval '91 days'), ('oversell', 'recent', now() - interval '1 day');
            WITH old_run AS (
                INSERT INTO reconciliation_runs (trigger, started_at) VALUES ('schedule', now() - interval '91 days') RETURNING id)
            INSERT INTO repairs (run_id, event_id, kind, seat_id, before, after, repaired_at)
            SELECT id, gen_random_uuid(), 'stuck_hold_released', 'FLOOR-A-1', 'held', 'available', now() - interval '91 days' FROM old_run;
            INSERT INTO reconciliation_runs (trigger, started_at) VALUES ('schedule', now() - interval '1 day');
            SELECT 0;
            """);

        var first = await harness.Get<RetentionPurge>().RunAsync(CancellationToken.None);
        var second = await harness.Get<RetentionPurge>().RunAsync(CancellationToken.None);

        Assert.Equal((1, 1, 1, 1), (first.JobRuns, first.Alarms, first.Repairs, first.Runs));
        Assert.Equal((0, 0, 0, 0), (second.JobRuns, second.Alarms, second.Repairs, second.Runs));
        Assert.Equal(1, await harness.DataSource.CountAsync("SELECT count(*) FROM job_executions"));
        Assert.Equal("recent", Assert.Single(await harness.DataSource.QueryListAsync<string>("SELECT detail FROM alarms")));
        Assert.Equal(1, await harness.DataSource.CountAsync("SELECT count(*) FROM reconciliation_runs"));
    }
}
