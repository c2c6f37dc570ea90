using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Ticketing.Reconciler.Drift;

namespace Ticketing.Reconciler.Jobs;

/// <summary>A reconciliation an admin asked for: its job id and, once it has run, its report.</summary>
public sealed record OnDemandRun(string JobId, ReconciliationReport Report);

/// <summary>
/// "Reconcile now": enqueues the reconcile job like any other (so it shows on the dashboard, is
/// serialised with the scheduled runs and retried like them) and waits for its report.
/// </summary>
public sealed class OnDemandReconciliation(IBackgroundJobClient jobs, JobStorage storage, TimeProvider clock)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<OnDemandRun> RunAsync(CancellationToken cancellationToken)
    {
        var jobId = jobs.Enqueue<ReconcileJob>(job => job.RunAsync(ReconciliationTriggers.Admin, CancellationToken.None));
        while (true)
        {
            using (var connection = storage.GetConnection())
            {
                var state = connection.GetStateData(jobId);
                if (state?.Name == SucceededState.StateName)
                {
                    return new OnDemandRun(jobId, SerializationHelper.Deserialize<ReconciliationReport>(state.Data["Result"], SerializationOption.User));
                }

                // Enqueued, so a scheduled state is a retry after a failed attempt: report that failure now.
                if (state?.Name == FailedState.StateName || state?.Name == DeletedState.StateName || state?.Name == ScheduledState.StateName)
                {
                    throw new ReconciliationFailedException(jobId, state.Reason ?? state.Name);
                }
            }

            await Task.Delay(PollInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>The on-demand run failed (its retries go on, visible on the dashboard) or was deleted there.</summary>
public sealed class ReconciliationFailedException(string jobId, string reason)
    : Exception($"reconcile job {jobId} did not succeed: {reason}")
{
    public string JobId { get; } = jobId;
}
