using Quartz;
using Ticketing.Reconciler.Drift;

namespace Ticketing.Reconciler.Jobs;

// The jobs are thin: each delegates to a service that tests drive directly. Quartz passes the
// scheduler's shutdown token, which the services honour. [DisallowConcurrentExecution] keeps a slow
// run from overlapping the next firing, across the whole cluster.

/// <summary>Releases expired holds (promise 3: no seat stays held past expiry plus one sweep).</summary>
[DisallowConcurrentExecution]
public sealed class ExpireHoldsJob(HoldExpirySweeper sweeper) : IJob
{
    public static readonly JobKey Key = new("expire-holds", "reconciler");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>Drift reconciliation between Redis and PostgreSQL (promise 6).</summary>
[DisallowConcurrentExecution]
public sealed class ReconcileJob(IReconciliationRunner runner) : IJob
{
    public static readonly JobKey Key = new("reconcile", "reconciler");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await runner.RunAsync("schedule", cancellationToken).ConfigureAwait(false);
}

/// <summary>Loads on-sale events into Redis, rebuilding any whose keys are gone.</summary>
[DisallowConcurrentExecution]
public sealed class LoadEventsJob(EventPresenceChecker checker) : IJob
{
    public static readonly JobKey Key = new("load-events", "reconciler");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await checker.LoadMissingAsync(cancellationToken).ConfigureAwait(false);
}
