using Microsoft.Extensions.Options;
using Ticketing.Persistence.Ops;

namespace Ticketing.Reconciler.Jobs;

/// <summary>Applies the retention settings to the operations tables; running it twice deletes nothing more.</summary>
public sealed class RetentionPurge(OpsRetention retention, IOptions<ReconcilerOptions> options, TimeProvider clock, ILogger<RetentionPurge> logger)
{
    public async Task<PurgedRecords> RunAsync(CancellationToken cancellationToken)
    {
        var jobs = options.Value.Jobs;
        var now = clock.GetUtcNow();
        var purged = await retention.PurgeAsync(
            jobRunsBefore: now.AddHours(-jobs.JobRunRetentionHours),
            recordsBefore: now.AddDays(-jobs.RecordRetentionDays),
            cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Retention purge deleted {JobRuns} job executions, {Alarms} alarms, {Repairs} repairs, {Runs} reconciliation runs",
            purged.JobRuns, purged.Alarms, purged.Repairs, purged.Runs);
        return purged;
    }
}
