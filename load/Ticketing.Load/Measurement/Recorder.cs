using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ticketing.Load.Measurement;

/// <summary>
/// Collects, per operation (hold, commit, seatmap, ...), a latency histogram and a count of each
/// outcome ("201", "409 seat_unavailable", "transport: timeout"). Shared by every virtual user.
/// A <paramref name="listener"/> also sees every call as it ends (the chaos run's timeline).
/// </summary>
public sealed class Recorder(IOutcomeListener? listener = null)
{
    private readonly ConcurrentDictionary<string, OperationRecord> _operations = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Record(string operation, string outcome, TimeSpan latency)
    {
        _operations.GetOrAdd(operation, static _ => new OperationRecord()).Record(outcome, latency);
        listener?.Observed(operation, outcome, latency);
    }

    public IReadOnlyDictionary<string, OperationRecord> Operations => _operations;

    /// <summary>Restarts the clock that throughput is measured against (call when the measured phase begins).</summary>
    public void StartMeasuring() => _clock.Restart();

    /// <summary>Freezes the elapsed time used for rates.</summary>
    public void StopMeasuring() => _clock.Stop();
}

/// <summary>Told of every call as it ends, with how long it took (so when it was sent).</summary>
public interface IOutcomeListener
{
    void Observed(string operation, string outcome, TimeSpan latency);
}

/// <summary>One operation's latencies and outcomes.</summary>
public sealed class OperationRecord
{
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);

    public LatencyHistogram Latency { get; } = new();

    public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

    public void Record(string outcome, TimeSpan latency)
    {
        Latency.Record(latency);
        _outcomes.AddOrUpdate(outcome, 1, static (_, count) => count + 1);
    }

    /// <summary>Samples whose outcome starts with one of <paramref name="prefixes"/> (e.g. "2" for every success).</summary>
    public long CountOutcomes(params string[] prefixes) =>
        _outcomes.Where(pair => prefixes.Any(prefix => pair.Key.StartsWith(prefix, StringComparison.Ordinal))).Sum(pair => pair.Value);
}
