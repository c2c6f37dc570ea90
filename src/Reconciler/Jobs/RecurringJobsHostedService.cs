using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Microsoft.Extensions.Options;
using Ticketing.Persistence.Migrations;
using Ticketing.Reconciler.WaitingRoom;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// Declares every recurring job, with its stable id and the schedule from the options, once our
/// migrations have run. Every process declares the same ones: Hangfire stores each id once, and a
/// changed cron (a deploy changed the schedule) replaces the stored one, counted from now.
/// </summary>
internal sealed class RecurringJobsHostedService(
    IRecurringJobManager recurringJobs, SchemaState schema, IOptions<ReconcilerOptions> options, ILogger<RecurringJobsHostedService> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.WaitAsync(stoppingToken).ConfigureAwait(false);
        // A job lock left behind by a killed process or a PostgreSQL crash frees itself only after
        // Reconciler:Jobs:LockTimeoutSeconds. Failing here would stop the whole host, the outbox
        // writer with it (the chaos run saw a restarted worker exit so and its orders wait in Redis):
        // declaring again until it goes through is safe, each declaration replaces the last.
        while (true)
        {
            try
            {
                Declare();
                return;
            }
            catch (Exception exception) when (exception is DistributedLockTimeoutException or PostgreSqlDistributedLockException or Npgsql.NpgsqlException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Recurring jobs not declared yet (a job lock is still held, or PostgreSQL is away); trying again");
                await Task.Delay(RetryPause, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void Declare()
    {
        var jobs = options.Value.Jobs;
        // UTC, and after downtime one run rather than one per missed firing.
        var recurring = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed };

        recurringJobs.AddOrUpdate<ExpireHoldsJob>(ExpireHoldsJob.Id, job => job.RunAsync(CancellationToken.None), jobs.ExpirySweepCron, recurring);
        recurringJobs.AddOrUpdate<ReconcileJob>(ReconcileJob.Id, job => job.RunAsync(ReconciliationTriggers.Schedule, CancellationToken.None), jobs.ReconcileCron, recurring);
        recurringJobs.AddOrUpdate<LoadEventsJob>(LoadEventsJob.Id, job => job.RunAsync(CancellationToken.None), jobs.LoadEventsCron, recurring);
        recurringJobs.AddOrUpdate<AdmitFansJob>(AdmitFansJob.Id, job => job.RunAsync(CancellationToken.None), jobs.WaitingRoomAdmissionCron, recurring);
        recurringJobs.AddOrUpdate<OpenSalesJob>(OpenSalesJob.Id, job => job.RunAsync(CancellationToken.None), jobs.OpenSalesCron, recurring);
        recurringJobs.AddOrUpdate<RetentionPurgeJob>(RetentionPurgeJob.Id, job => job.RunAsync(CancellationToken.None), jobs.RetentionPurgeCron, recurring);
        logger.LogInformation("Recurring jobs declared: sweep {Sweep}, reconcile {Reconcile}, load events {Load}, retention purge {Purge}",
            jobs.ExpirySweepCron, jobs.ReconcileCron, jobs.LoadEventsCron, jobs.RetentionPurgeCron);
    }
}

/// <summary>What started a reconciliation run, as recorded with it.</summary>
public static class ReconciliationTriggers
{
    public const string Schedule = "schedule";
    public const string Admin = "admin";
}
