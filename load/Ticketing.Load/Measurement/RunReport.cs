using System.Globalization;
using System.Text;
using System.Text.Json;
using Ticketing.Load.Api;
using Ticketing.Load.Invariants;

namespace Ticketing.Load.Measurement;

/// <summary>The JSON summary a run writes, and what it prints.</summary>
public sealed record RunReport(
    string Scenario,
    DateTimeOffset StartedAt,
    double Seconds,
    IReadOnlyDictionary<string, string> Knobs,
    IReadOnlyDictionary<string, OperationSummary> Operations,
    IReadOnlyList<ThresholdResult> Thresholds,
    IReadOnlyDictionary<string, string> Facts,
    InvariantReport? Invariants)
{
    public bool Passed => Thresholds.All(threshold => threshold.Passed) && Invariants is not { Passed: false };

    public static RunReport From(
        string scenario, DateTimeOffset startedAt, Recorder recorder, IReadOnlyDictionary<string, string> knobs,
        IReadOnlyList<Threshold> thresholds, IReadOnlyDictionary<string, string> facts)
    {
        var seconds = recorder.Elapsed.TotalSeconds;
        var operations = recorder.Operations
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key, pair => OperationSummary.From(pair.Key, pair.Value, seconds), StringComparer.Ordinal);
        return new RunReport(scenario, startedAt, Math.Round(seconds, 3), knobs, operations,
            thresholds.Select(threshold => threshold.Evaluate(recorder)).ToList(), facts, null);
    }

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, PrettyJson, cancellationToken);
    }

    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Scenario}: {Seconds:F1} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"operation",-16}{"count",9}{"per s",10}{"p50 ms",9}{"p95 ms",9}{"p99 ms",9}{"max ms",9}  outcomes");
        foreach (var (name, operation) in Operations)
        {
            var latency = operation.LatencyMs;
            var outcomes = string.Join(", ", operation.Outcomes.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key}: {pair.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {name,-16}{operation.Count,9}{operation.PerSecond,10:F1}{latency.P50,9:F2}{latency.P95,9:F2}{latency.P99,9:F2}{latency.Max,9:F1}  {outcomes}");
        }

        foreach (var (key, value) in Facts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {key}: {value}");
        }

        foreach (var threshold in Thresholds)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {(threshold.Passed ? "✓" : "✗")} {threshold.Name}: {threshold.Actual?.ToString("F3", CultureInfo.InvariantCulture) ?? "no samples"} (limit {threshold.Limit})");
        }

        if (Invariants is not null)
        {
            text.Append(Invariants.Describe());
        }

        return text.ToString();
    }

    private static readonly JsonSerializerOptions PrettyJson = new(Json.Options) { WriteIndented = true };
}

public sealed record OperationSummary(long Count, double PerSecond, LatencySummary LatencyMs, long Unexpected, IReadOnlyDictionary<string, long> Outcomes)
{
    public static OperationSummary From(string name, OperationRecord record, double seconds)
    {
        var histogram = record.Latency;
        var latency = new LatencySummary(
            Round(histogram.PercentileMilliseconds(50)), Round(histogram.PercentileMilliseconds(90)),
            Round(histogram.PercentileMilliseconds(95)), Round(histogram.PercentileMilliseconds(99)),
            Round(histogram.MaxMilliseconds), Round(histogram.MeanMilliseconds));
        var outcomes = record.Outcomes.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return new OperationSummary(histogram.Count, seconds > 0 ? Math.Round(histogram.Count / seconds, 1) : 0, latency, ExpectedOutcomes.Unexpected(name, record), outcomes);
    }

    private static double Round(double value) => Math.Round(value, 3);
}

public sealed record LatencySummary(double P50, double P90, double P95, double P99, double Max, double Mean);
