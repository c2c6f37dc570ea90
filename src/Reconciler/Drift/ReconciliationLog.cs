using Dapper;
using Npgsql;
using Ticketing.Persistence;

namespace Ticketing.Reconciler.Drift;

/// <summary>Records runs and their repairs, for the ops dashboard and for the admin's report.</summary>
public sealed class ReconciliationLog(NpgsqlDataSource dataSource)
{
    public async Task<long> StartAsync(string trigger, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO reconciliation_runs (trigger, started_at) VALUES (@trigger, @startedAt) RETURNING id
            """, new { trigger, startedAt = startedAt.UtcDateTime }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task RecordRepairsAsync(long runId, IReadOnlyCollection<Repair> repairs, CancellationToken cancellationToken)
    {
        if (repairs.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO repairs (run_id, event_id, kind, seat_id, before, after, detail)
            VALUES (@runId, @EventId, @Kind, @SeatId, @Before, @After, @Detail)
            """, repairs.Select(r => new { runId, r.EventId, r.Kind, r.SeatId, r.Before, r.After, r.Detail }),
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task FinishAsync(long runId, DateTimeOffset finishedAt, int eventsChecked, int repairs, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE reconciliation_runs
            SET finished_at = @finishedAt, events_checked = @eventsChecked, repairs = @repairs, error = @error
            WHERE id = @runId
            """, new { runId, finishedAt = finishedAt.UtcDateTime, eventsChecked, repairs, error },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
