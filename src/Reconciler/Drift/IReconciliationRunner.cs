namespace Ticketing.Reconciler.Drift;

/// <summary>Makes Redis and PostgreSQL agree (promise 6) and reports every repair.</summary>
public interface IReconciliationRunner
{
    /// <summary>Runs one reconciliation over every on-sale event; <paramref name="trigger"/> is recorded (<c>schedule</c>, <c>admin</c>).</summary>
    Task<ReconciliationReport> RunAsync(string trigger, CancellationToken cancellationToken = default);
}

/// <summary>What one run found and did.</summary>
public sealed record ReconciliationReport(
    long RunId,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int EventsChecked,
    IReadOnlyList<Repair> Repairs);

/// <summary>One repair: which rule, which seat, and its state before and after.</summary>
public sealed record Repair(Guid EventId, string Kind, string SeatId, string Before, string After, string? Detail);
