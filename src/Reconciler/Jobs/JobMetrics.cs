using System.Diagnostics.Metrics;
using Ticketing.Reconciler.Ops;

namespace Ticketing.Reconciler.Jobs;

/// <summary>
/// Job runs of this process's job server as a histogram of their durations by job and outcome
/// (<c>succeeded</c>, <c>failed</c>): its count is the runs, its buckets how long they took.
/// Exported at <c>/metrics</c> as <c>ticketing_jobs_run_duration_seconds</c>.
/// </summary>
internal sealed class JobMetrics(IMeterFactory meterFactory)
{
    /// <summary>From a sweep's tens of milliseconds to a reconciliation of a large sale.</summary>
    private static readonly double[] DurationBuckets = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

    private readonly Histogram<double> _runs = meterFactory.Create(ReconcilerMetrics.MeterName).CreateHistogram(
        "ticketing.jobs.run.duration", "s", "Job runs by job and outcome, with how long each took.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public void Ran(string job, bool failed, TimeSpan duration) => _runs.Record(
        duration.TotalSeconds,
        new KeyValuePair<string, object?>("job", job),
        new KeyValuePair<string, object?>("outcome", failed ? "failed" : "succeeded"));
}
