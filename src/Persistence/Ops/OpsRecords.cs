using Dapper;
using Npgsql;

namespace Ticketing.Persistence.Ops;

/// <summary>The operations tables (alarms, repairs, reconciliation runs, job executions) as the ops dashboard reads them.</summary>
public sealed class OpsRecords(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<AlarmView>> RecentAlarmsAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<AlarmView>(new CommandDefinition("""
            SELECT id, kind, event_id, seat_id, order_id, existing_order_id, outbox_entry_id, detail, raised_at
            FROM alarms ORDER BY id DESC LIMIT @limit
            """, new { limit }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    public async Task<IReadOnlyList<RepairView>> RecentRepairsAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<RepairView>(new CommandDefinition("""
            SELECT id, run_id, event_id, kind, seat_id, before, after, detail, repaired_at
            FROM repairs ORDER BY id DESC LIMIT @limit
            """, new { limit }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    public async Task<IReadOnlyList<ReconciliationRunView>> RecentRunsAsync(int limit = 20, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<ReconciliationRunView>(new CommandDefinition("""
            SELECT id, trigger, started_at, finished_at, events_checked, repairs, error
            FROM reconciliation_runs ORDER BY id DESC LIMIT @limit
            """, new { limit }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    public async Task<IReadOnlyList<JobRunView>> JobLastRunsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<JobRunView>(new CommandDefinition("""
            SELECT DISTINCT ON (e.job_name)
                   e.job_name, e.instance_id, e.started_at, e.finished_at, e.succeeded, e.error,
                   (SELECT count(*) FROM job_executions h
                    WHERE h.job_name = e.job_name AND h.started_at > now() - interval '1 hour') AS runs_last_hour,
                   (SELECT count(*) FROM job_executions h
                    WHERE h.job_name = e.job_name AND h.started_at > now() - interval '1 hour' AND NOT h.succeeded) AS failures_last_hour
            FROM job_executions e
            ORDER BY e.job_name, e.started_at DESC
            """, cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }
}
