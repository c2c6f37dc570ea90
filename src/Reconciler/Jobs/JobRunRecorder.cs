using Hangfire.Server;
using Npgsql;
using Ticketing.Persistence.Ops;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// Records every job execution of this process's job server in <c>job_executions</c>. A recurring
/// firing carries its schedule time (Hangfire's <c>Time</c> parameter), so two rows with the same job
/// and scheduled time would mean a firing ran twice; the tests hold the cluster to none. Each run
/// is counted in <see cref="JobMetrics"/> too, by job and outcome.
/// </summary>
internal sealed class JobRunRecorder(JobRunLog log, JobMetrics metrics, string instanceId, TimeProvider clock, ILogger<JobRunRecorder> logger) : IServerFilter
{
    private const string StartedAtItem = "ticketing.started_at";

    public void OnPerforming(PerformingContext context) => context.Items[StartedAtItem] = clock.GetUtcNow();

    public void OnPerformed(PerformedContext context)
    {
        var startedAt = context.Items.TryGetValue(StartedAtItem, out var started) ? (DateTimeOffset)started : clock.GetUtcNow();
        var error = context.Exception is { } exception && !context.ExceptionHandled
            ? (exception.InnerException ?? exception).Message
            : null;
        var scheduledAt = context.GetJobParameter<long?>("Time", allowStale: true) is { } time
            ? DateTimeOffset.FromUnixTimeSeconds(time)
            : (DateTimeOffset?)context.BackgroundJob.CreatedAt;
        var run = new JobRun(
            context.GetJobParameter<string>("RecurringJobId", allowStale: true) ?? JobNames.Of(context.BackgroundJob.Job.Type),
            context.BackgroundJob.Id, scheduledAt, instanceId, startedAt, clock.GetUtcNow(), error);
        metrics.Ran(run.JobName, failed: error is not null, run.FinishedAt - run.StartedAt);
        try
        {
            log.Record(run);
        }
        catch (NpgsqlException recordFailure)
        {
            // The record is for operators; losing one must not fail the job that it describes.
            logger.LogWarning(recordFailure, "Could not record the execution of job {Job} ({JobId})", run.JobName, run.JobId);
        }
    }
}

/// <summary>The stable name of each job: its recurring id, also used for its on-demand runs.</summary>
internal static class JobNames
{
    public static string Of(Type jobType) => jobType.Name switch
    {
        nameof(ExpireHoldsJob) => ExpireHoldsJob.Id,
        nameof(ReconcileJob) => ReconcileJob.Id,
        nameof(LoadEventsJob) => LoadEventsJob.Id,
        nameof(RetentionPurgeJob) => RetentionPurgeJob.Id,
        _ => jobType.Name,
    };
}
