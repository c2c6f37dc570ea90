using Dapper;
using Npgsql;

namespace Ticketing.Persistence.Ops;

/// <summary>How many rows one purge deleted from each operations table.</summary>
public sealed record PurgedRecords(int JobRuns, int Alarms, int Repairs, int Runs);

/// <summary>Deletes operations records older than their retention, in one transaction.</summary>
public sealed class OpsRetention(NpgsqlDataSource dataSource)
{
    public async Task<PurgedRecords> PurgeAsync(DateTimeOffset jobRunsBefore, DateTimeOffset recordsBefore, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new { jobRunsBefore = jobRunsBefore.UtcDateTime, recordsBefore = recordsBefore.UtcDateTime };
        Task<int> DeleteAsync(string sql) =>
            connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

        var jobRuns = await DeleteAsync("DELETE FROM job_executions WHERE started_at < @jobRunsBefore").ConfigureAwait(false);
        var alarms = await DeleteAsync("DELETE FROM alarms WHERE raised_at < @recordsBefore").ConfigureAwait(false);
        var repairs = await DeleteAsync("DELETE FROM repairs WHERE repaired_at < @recordsBefore").ConfigureAwait(false);
        // A run goes once none of its repairs is left; repairs reference their run.
        var runs = await DeleteAsync("""
            DELETE FROM reconciliation_runs r
            WHERE r.started_at < @recordsBefore AND NOT EXISTS (SELECT 1 FROM repairs p WHERE p.run_id = r.id)
            """).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new PurgedRecords(jobRuns, alarms, repairs, runs);
    }
}

/// <summary>One execution of a job on one process, as the ops dashboard lists it.</summary>
public sealed record JobRun(
    string JobName, string JobId, DateTimeOffset? ScheduledAt, string InstanceId, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string? Error);

/// <summary>Writes <c>job_executions</c>: the ops dashboard's "last runs", and the evidence that a firing ran once across processes.</summary>
public sealed class JobRunLog(NpgsqlDataSource dataSource)
{
    /// <summary>Synchronous: the job server's filters are (each worker is its own thread).</summary>
    public void Record(JobRun run)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute("""
            INSERT INTO job_executions (job_name, job_id, scheduled_at, instance_id, started_at, finished_at, succeeded, error)
            VALUES (@JobName, @JobId, @ScheduledAt, @InstanceId, @StartedAt, @FinishedAt, @Error IS NULL, @Error)
            """,
            new
            {
                run.JobName,
                run.JobId,
                ScheduledAt = run.ScheduledAt?.UtcDateTime,
                run.InstanceId,
                StartedAt = run.StartedAt.UtcDateTime,
                FinishedAt = run.FinishedAt.UtcDateTime,
                run.Error,
            });
    }
}
