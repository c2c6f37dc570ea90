using Ticketing.Scripts.Outbox;

namespace Ticketing.Reconciler.Ops;

/// <summary>What the ops dashboard shows of the Reconciler: alarms, repairs, job runs, outbox lag.</summary>
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

public sealed record AlarmView(
    long Id, string Kind, Guid? EventId, string? SeatId, string? OrderId, string? ExistingOrderId, string? OutboxEntryId,
    string Detail, DateTime RaisedAt);

public sealed record RepairView(long Id, long RunId, Guid EventId, string Kind, string SeatId, string Before, string After, string? Detail, DateTime RepairedAt);

public sealed record ReconciliationRunView(
    long Id, string Trigger, DateTime StartedAt, DateTime? FinishedAt, int EventsChecked, int Repairs, string? Error);

public sealed record JobRunView(
    string JobName, string InstanceId, DateTime StartedAt, DateTime FinishedAt, bool Succeeded, string? Error, long RunsLastHour, long FailuresLastHour);

public sealed record EventOutboxLag(Guid EventId, OutboxLag Lag);
