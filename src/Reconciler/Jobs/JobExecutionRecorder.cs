using Dapper;
using Npgsql;
using Quartz;
using Ticketing.Persistence;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// Writes one row per job execution (job_executions): the ops dashboard's "last runs", and the
/// evidence that a firing ran on exactly one process of the cluster. A day of history is kept:
/// the sweep alone fires tens of thousands of times a day.
/// </summary>
public sealed class JobExecutionRecorder(NpgsqlDataSource dataSource, ILogger<JobExecutionRecorder> logger) : IJobListener
{
    public string Name => "job-executions";

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        var error = jobException?.InnerException?.Message ?? jobException?.Message;
        if (jobException is not null)
        {
            logger.LogError(jobException, "Job {Job} failed", context.JobDetail.Key.Name);
        }

        try
        {
            await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO job_executions (job_name, scheduled_at, instance_id, started_at, finished_at, succeeded, error)
                VALUES (@job, @scheduledAt, @instance, @startedAt, @finishedAt, @succeeded, @error);
                DELETE FROM job_executions WHERE job_name = @job AND started_at < now() - interval '1 day';
                """,
                new
                {
                    job = context.JobDetail.Key.Name,
                    scheduledAt = context.ScheduledFireTimeUtc?.UtcDateTime,
                    instance = context.Scheduler.SchedulerInstanceId,
                    startedAt = context.FireTimeUtc.UtcDateTime,
                    finishedAt = (context.FireTimeUtc + context.JobRunTime).UtcDateTime,
                    succeeded = jobException is null,
                    error,
                },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (NpgsqlException exception)
        {
            // The record is for operators; losing one must not fail the job that it describes.
            logger.LogWarning(exception, "Could not record the execution of job {Job}", context.JobDetail.Key.Name);
        }
    }
}
