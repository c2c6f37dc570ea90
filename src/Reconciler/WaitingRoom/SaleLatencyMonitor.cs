using System.Diagnostics.Metrics;

namespace Ticketing.Reconciler.WaitingRoom;

/// <summary>The hold and commit p99 of the last few seconds; null where no such request finished in the window.</summary>
public sealed record SaleLatency(TimeSpan? HoldP99, TimeSpan? CommitP99);

/// <summary>Where the admission loop reads the sale's latency from.</summary>
public interface ISaleLatencySource
{
    SaleLatency Read();
}

/// <summary>
/// Measures hold and commit latency from ASP.NET Core's own <c>http.server.request.duration</c>
/// (the route template tells a hold from a commit), keeping the last <see cref="Window"/> of
/// samples. It sees the requests of the process it runs in: the Reconciler hosted inside the Api.
/// REVIEW: with several Api processes each admission tick sees one process's share of the
/// traffic (a fair sample under a load balancer); publishing each process's p99 to a shared
/// place, or reading them from the metrics backend, would make it the whole sale's.
/// </summary>
public sealed class SaleLatencyMonitor : ISaleLatencySource, IDisposable
{
    /// <summary>How far back a p99 looks: long enough for a stable p99, short enough to follow a spike within a tick or two.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    private const string DurationInstrument = "http.server.request.duration";
    private const int MaxSamples = 50_000;

    private readonly MeterListener _listener = new();
    private readonly TimeProvider _clock;
    private readonly Queue<(DateTimeOffset At, bool Commit, double Seconds)> _samples = new();

    public SaleLatencyMonitor(TimeProvider clock)
    {
        _clock = clock;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HostingMeter && instrument.Name == DurationInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) => OnRequest(seconds, tags));
        _listener.Start();
    }

    /// <summary>Records one finished request; <paramref name="route"/> is its route template.</summary>
    public void Record(string route, string method, TimeSpan duration)
    {
        var commit = route.EndsWith("/commit", StringComparison.Ordinal);
        var hold = route.EndsWith("/events/{eventId}/reservations", StringComparison.Ordinal) && method == "POST";
        if (!commit && !hold)
        {
            return;
        }

        var now = _clock.GetUtcNow();
        lock (_samples)
        {
            _samples.Enqueue((now, commit, duration.TotalSeconds));
            Trim(now);
        }
    }

    public SaleLatency Read()
    {
        List<double> holds;
        List<double> commits;
        lock (_samples)
        {
            Trim(_clock.GetUtcNow());
            holds = [.. _samples.Where(sample => !sample.Commit).Select(sample => sample.Seconds)];
            commits = [.. _samples.Where(sample => sample.Commit).Select(sample => sample.Seconds)];
        }

        return new SaleLatency(P99(holds), P99(commits));
    }

    public void Dispose() => _listener.Dispose();

    private static TimeSpan? P99(List<double> seconds)
    {
        if (seconds.Count == 0)
        {
            return null;
        }

        seconds.Sort();
        return TimeSpan.FromSeconds(seconds[Math.Min(seconds.Count - 1, (int)Math.Ceiling(seconds.Count * 0.99) - 1)]);
    }

    private void OnRequest(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? route = null;
        string? method = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "http.route":
                    route = tag.Value as string;
                    break;
                case "http.request.method":
                    method = tag.Value as string;
                    break;
            }
        }

        if (route is not null && method is not null)
        {
            Record(route, method, TimeSpan.FromSeconds(seconds));
        }
    }

    private void Trim(DateTimeOffset now)
    {
        while (_samples.Count > 0 && (now - _samples.Peek().At > Window || _samples.Count > MaxSamples))
        {
            _samples.Dequeue();
        }
    }
}
