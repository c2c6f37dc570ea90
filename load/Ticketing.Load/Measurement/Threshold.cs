namespace Ticketing.Load.Measurement;

/// <summary>A pass/fail limit on one operation, as k6 thresholds are (<c>p(99)&lt;100</c> on a tagged request).</summary>
public sealed record Threshold(string Operation, ThresholdMetric Metric, double Limit)
{
    public string Name => Metric switch
    {
        ThresholdMetric.UnexpectedRate => $"{Operation} unexpected_rate",
        _ => $"{Operation} {Metric.ToString().ToLowerInvariant()}_ms",
    };

    public ThresholdResult Evaluate(Recorder recorder)
    {
        if (!recorder.Operations.TryGetValue(Operation, out var record) || record.Latency.Count == 0)
        {
            // A limit nothing was measured against proves nothing: it fails, so a broken run cannot pass.
            return new ThresholdResult(Name, Limit, null, false);
        }

        var actual = Metric switch
        {
            ThresholdMetric.P95 => record.Latency.PercentileMilliseconds(95),
            ThresholdMetric.P99 => record.Latency.PercentileMilliseconds(99),
            ThresholdMetric.UnexpectedRate => ExpectedOutcomes.Unexpected(Operation, record) / (double)record.Latency.Count,
            _ => throw new ArgumentOutOfRangeException(nameof(Metric), Metric, null),
        };
        return new ThresholdResult(Name, Limit, actual, actual < Limit);
    }
}

public enum ThresholdMetric
{
    P95,
    P99,
    UnexpectedRate,
}

public sealed record ThresholdResult(string Name, double Limit, double? Actual, bool Passed);
