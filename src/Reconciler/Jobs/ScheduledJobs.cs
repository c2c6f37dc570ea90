using Hangfire;
using Ticketing.Persistence.Ops;
using Ticketing.Reconciler.Drift;

namespace Ticketing.Reconciler.Jobs;

// The jobs are thin: each delegates to a service that tests drive directly, takes only ids, and
// honours the server's shutdown token (Hangfire passes it for the CancellationToken parameter).
// Delivery is at least once (a process killed mid-job has its job run again), and every service
// behind a job is safe to run twice. [DisableConcurrentExecution] keeps a slow run from overlapping
// the next firing on any process; a failure is retried with the delays below and, once they are
// spent, stays on the dashboard's Failed page.

/// <summary>Releases expired holds (promise 3: no seat stays held past expiry plus one sweep).</summary>
[AutomaticRetry(Attempts = 2, DelaysInSeconds = [1, 2])]
[DisableConcurrentExecution(timeoutInSeconds: 10)]
public sealed class ExpireHoldsJob(HoldExpirySweeper sweeper)
{
    public const string Id = "expire-holds";

    public Task<int> RunAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}

/// <summary>Drift reconciliation between Redis and PostgreSQL (promise 6), on its schedule or on an admin's demand.</summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [10, 60, 300])]
[DisableConcurrentExecution(timeoutInSeconds: 300)]
public sealed class ReconcileJob(IReconciliationRunner runner)
{
    public const string Id = "reconcile";

    /// <param name="trigger">Recorded with the run: <c>schedule</c> or <c>admin</c>.</param>
    /// <param name="cancellationToken">The job server's shutdown.</param>
    public Task<ReconciliationReport> RunAsync(string trigger, CancellationToken cancellationToken) =>
        runner.RunAsync(trigger, cancellationToken);
}

/// <summary>Loads on-sale events into Redis, rebuilding any whose keys are gone.</summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [2, 10, 30])]
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class LoadEventsJob(EventPresenceChecker checker)
{
    public const string Id = "load-events";

    public Task<int> RunAsync(CancellationToken cancellationToken) => checker.LoadMissingAsync(cancellationToken);
}

/// <summary>
/// Opens scheduled sales whose opening time has come (the hold scripts already admit holds from then on).
/// Unlike the other recurring jobs it takes no <see cref="DisableConcurrentExecutionAttribute"/> lock:
/// two runs at once are harmless (the UPDATE's row locks give each due event to one run, and the
/// Redis write is the same from either), while a lock left by a killed process would make every
/// firing of this every-second job wait out its timeout on a worker, starving the sweep.
/// </summary>
[AutomaticRetry(Attempts = 2, DelaysInSeconds = [1, 2])]
public sealed class OpenSalesJob(Events.SaleOpener opener)
{
    public const string Id = "open-sales";

    public Task<int> RunAsync(CancellationToken cancellationToken) => opener.OpenDueAsync(cancellationToken);
}

/// <summary>Deletes operations records past their retention (job executions, alarms, repairs, runs).</summary>
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 1800, 3600])]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class RetentionPurgeJob(RetentionPurge purge)
{
    public const string Id = "retention-purge";

    public Task<PurgedRecords> RunAsync(CancellationToken cancellationToken) => purge.RunAsync(cancellationToken);
}
