using System.Collections.Concurrent;
using System.Diagnostics;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Chaos;

/// <summary>
/// Every call of the run with when it was sent and when it ended, on one clock the faults share,
/// so a fault window can be asked what users saw in it and when holds worked again.
/// </summary>
public sealed class Timeline : IOutcomeListener
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Call> _calls = new();

    /// <summary>Time since the run began.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public void Observed(string operation, string outcome, TimeSpan latency)
    {
        var ended = _clock.Elapsed;
        _calls.Enqueue(new Call(operation, outcome, ended - latency, ended));
    }

    /// <summary>Calls that ended between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public IReadOnlyList<Call> EndedBetween(TimeSpan from, TimeSpan to) =>
        _calls.Where(call => call.Ended >= from && call.Ended <= to).ToList();

    /// <summary>Every call answered as a healthy sale would not (<see cref="Call.Unexpected"/>), in the order they ended.</summary>
    public IReadOnlyList<Call> Unexpected() => [.. _calls.Where(call => call.Unexpected).OrderBy(call => call.Ended)];

    /// <summary>When the first hold sent at or after <paramref name="since"/> ended with 201, if one has.</summary>
    public TimeSpan? FirstHoldSucceededSentAfter(TimeSpan since) =>
        _calls.Where(call => call.IsHold && call.Outcome == "201" && call.Sent >= since)
            .Select(call => (TimeSpan?)call.Ended)
            .Min();
}

/// <summary>One call: its operation, its outcome label (<c>201</c>, <c>503 redis_unavailable</c>, <c>transport: …</c>), when it was sent and ended.</summary>
public sealed record Call(string Operation, string Outcome, TimeSpan Sent, TimeSpan Ended)
{
    public bool IsHold => Operation is "hold" or "hold_best";

    /// <summary>No answer at all: the connection was refused or reset, or the call timed out.</summary>
    public bool Dropped => Outcome.StartsWith("transport:", StringComparison.Ordinal);

    public bool ServerError => Outcome.Length >= 3 && Outcome[0] == '5' && char.IsAsciiDigit(Outcome[1]) && char.IsAsciiDigit(Outcome[2]);

    /// <summary>An answer a healthy sale does not give (<see cref="ExpectedOutcomes"/>): every 5xx and dropped call, and 4xx such as 404 or 429.</summary>
    public bool Unexpected => !ExpectedOutcomes.IsExpected(Operation, Outcome);
}
