using Dapper;
using Npgsql;
using Ticketing.Persistence;
using Ticketing.Persistence.Events;
using Ticketing.Reconciler.Ops;

namespace Ticketing.Reconciler.Drift;

/// <summary>
/// One reconciliation run over every on-sale event. Runs are serialised across all processes by
/// a PostgreSQL advisory lock, so an admin's run waits for a scheduled one instead of racing it.
/// </summary>
public sealed class ReconciliationRunner(
    NpgsqlDataSource dataSource,
    IEventRepository events,
    EventReconciler eventReconciler,
    ReconciliationLog log,
    ReconcilerMetrics metrics,
    TimeProvider clock,
    ILogger<ReconciliationRunner> logger) : IReconciliationRunner
{
    private const long RunLockKey = 0x7265636F6E63; // "reconc"

    public async Task<ReconciliationReport> RunAsync(string trigger, CancellationToken cancellationToken = default)
    {
        await using var lockConnection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await lockConnection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@RunLockKey)", new { RunLockKey },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        try
        {
            return await RunLockedAsync(trigger, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await lockConnection.ExecuteAsync("SELECT pg_advisory_unlock(@RunLockKey)", new { RunLockKey }).ConfigureAwait(false);
        }
    }

    private async Task<ReconciliationReport> RunLockedAsync(string trigger, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var runId = await log.StartAsync(trigger, startedAt, cancellationToken).ConfigureAwait(false);
        var repairs = new List<Repair>();
        var checkedEvents = 0;
        var errors = new List<string>();

        foreach (var eventId in await events.ListOnSaleAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var found = await eventReconciler.ReconcileAsync(eventId, runId, cancellationToken).ConfigureAwait(false);
                await log.RecordRepairsAsync(runId, found, cancellationToken).ConfigureAwait(false);
                repairs.AddRange(found);
                checkedEvents++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One event whose stores misbehave must not keep the others from being reconciled.
                logger.LogError(exception, "Reconciliation of event {EventId} failed", eventId);
                errors.Add($"{eventId}: {exception.Message}");
            }
        }

        foreach (var repair in repairs)
        {
            metrics.Repair(repair.Kind);
            logger.LogWarning("Repair {Kind} on event {EventId} seat {SeatId}: {Before} -> {After} {Detail}",
                repair.Kind, repair.EventId, repair.SeatId, repair.Before, repair.After, repair.Detail);
        }

        var finishedAt = clock.GetUtcNow();
        await log.FinishAsync(runId, finishedAt, checkedEvents, repairs.Count, errors.Count == 0 ? null : string.Join("; ", errors),
            CancellationToken.None).ConfigureAwait(false);
        return new ReconciliationReport(runId, trigger, startedAt, finishedAt, checkedEvents, repairs);
    }
}
