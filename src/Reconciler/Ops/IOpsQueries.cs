using Ticketing.Persistence.Ops;
using Ticketing.Scripts.Outbox;

namespace Ticketing.Reconciler.Ops;

/// <summary>What the ops dashboard shows of the Reconciler: alarms, repairs, job runs (PostgreSQL) and outbox lag (Redis).</summary>
public interface IOpsQueries
{
    /// <summary>Newest alarms first.</summary>
    Task<IReadOnlyList<AlarmView>> RecentAlarmsAsync(int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>Newest repairs first.</summary>
    Task<IReadOnlyList<RepairView>> RecentRepairsAsync(int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>Newest reconciliation runs first.</summary>
    Task<IReadOnlyList<ReconciliationRunView>> RecentRunsAsync(int limit = 20, CancellationToken cancellationToken = default);

    /// <summary>The last execution of each recurring job, with its counts over the past hour.</summary>
    Task<IReadOnlyList<JobRunView>> JobLastRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Outbox lag of every on-sale event.</summary>
    Task<IReadOnlyList<EventOutboxLag>> OutboxLagAsync(CancellationToken cancellationToken = default);
}

public sealed record EventOutboxLag(Guid EventId, OutboxLag Lag);
