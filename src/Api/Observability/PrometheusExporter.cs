using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Ticketing.Api.Observability;

/// <summary>
/// Collects <see cref="System.Diagnostics.Metrics"/> measurements with a <see cref="MeterListener"/>
/// and renders them in the Prometheus text format (no Prometheus package restores here). It keeps
/// meters whose name starts with <c>Ticketing</c> plus ASP.NET Core's hosting and rate-limiting
/// meters. Meters made by another process-local DI container (a second Api in a test run) are
/// skipped, so each Api reports only its own requests.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly string[] ForeignMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.RateLimiting", "System.Runtime"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly IMeterFactory _ownFactory;

    public PrometheusExporter(IMeterFactory ownFactory)
    {
        _ownFactory = ownFactory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (IsWanted(instrument.Meter) && InstrumentSeries.TryCreate(instrument) is { } series)
            {
                _instruments[instrument] = series;
                listener.EnableMeasurementEvents(instrument, series);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentSeries? _);
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The current values of every kept instrument, in the Prometheus text format 0.0.4.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder(8192);
        foreach (var series in _instruments.Values.OrderBy(series => series.Name, StringComparer.Ordinal))
        {
            series.WriteTo(text);
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private bool IsWanted(Meter meter)
    {
        var ownOrShared = meter.Scope is null || ReferenceEquals(meter.Scope, _ownFactory);
        return ownOrShared && (meter.Name.StartsWith("Ticketing", StringComparison.Ordinal) || ForeignMeters.Contains(meter.Name));
    }
}

/// <summary>The series of one instrument, one per distinct label set.</summary>
internal sealed class InstrumentSeries
{
    /// <summary>Upper bounds in the instrument's unit; Prometheus's defaults, finer at the low end where Redis calls land.</summary>
    private static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly Kind _kind;
    private readonly string _help;

    private InstrumentSeries(string name, Kind kind, string help)
    {
        Name = name;
        _kind = kind;
        _help = help;
    }

    private enum Kind
    {
        /// <summary>Measurements are increments.</summary>
        Sum,

        /// <summary>Measurements are the current (or cumulative) value.</summary>
        LastValue,

        Histogram,
    }

    public string Name { get; }

    public static InstrumentSeries? TryCreate(Instrument instrument)
    {
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        (Kind Kind, string Suffix, string Type)? shape = generic switch
        {
            _ when generic == typeof(Counter<>) => (Kind.Sum, "_total", "counter"),
            _ when generic == typeof(ObservableCounter<>) => (Kind.LastValue, "_total", "counter"),
            _ when generic == typeof(UpDownCounter<>) => (Kind.Sum, "", "gauge"),
            _ when generic == typeof(ObservableUpDownCounter<>) || generic == typeof(ObservableGauge<>) || generic == typeof(Gauge<>) =>
                (Kind.LastValue, "", "gauge"),
            _ when generic == typeof(Histogram<>) => (Kind.Histogram, "", "histogram"),
            _ => null,
        };
        if (shape is null)
        {
            return null;
        }

        var name = BaseName(instrument) + shape.Value.Suffix;
        var help = $"# HELP {name} {Escape(instrument.Description ?? instrument.Name)}\n# TYPE {name} {shape.Value.Type}\n";
        return new InstrumentSeries(name, shape.Value.Kind, help);
    }

    public void Record<T>(T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        var number = value.ToDouble(CultureInfo.InvariantCulture);
        var series = _series.GetOrAdd(Labels(tags), static _ => new Series());
        lock (series)
        {
            switch (_kind)
            {
                case Kind.Sum:
                    series.Value += number;
                    break;
                case Kind.LastValue:
                    series.Value = number;
                    break;
                default:
                    series.Buckets ??= new long[Buckets.Length];
                    var bucket = Array.BinarySearch(Buckets, number);
                    bucket = bucket >= 0 ? bucket : ~bucket;
                    if (bucket < Buckets.Length)
                    {
                        series.Buckets[bucket]++;
                    }

                    series.Value += number;
                    series.Count++;
                    break;
            }
        }
    }

    public void WriteTo(StringBuilder text)
    {
        if (_series.IsEmpty)
        {
            return;
        }

        text.Append(_help);
        foreach (var (labels, series) in _series.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            lock (series)
            {
                if (_kind != Kind.Histogram)
                {
                    text.Append(Name).Append(Braced(labels)).Append(' ').Append(Number(series.Value)).Append('\n');
                    continue;
                }

                long cumulative = 0;
                for (var i = 0; i < Buckets.Length; i++)
                {
                    cumulative += series.Buckets?[i] ?? 0;
                    AppendBucket(text, labels, Number(Buckets[i]), cumulative);
                }

                AppendBucket(text, labels, "+Inf", series.Count);
                text.Append(Name).Append("_sum").Append(Braced(labels)).Append(' ').Append(Number(series.Value)).Append('\n');
                text.Append(Name).Append("_count").Append(Braced(labels)).Append(' ').Append(series.Count).Append('\n');
            }
        }
    }

    private void AppendBucket(StringBuilder text, string labels, string bound, long count)
    {
        var le = $"le=\"{bound}\"";
        text.Append(Name).Append("_bucket{").Append(labels.Length == 0 ? le : labels + "," + le).Append("} ").Append(count).Append('\n');
    }

    private static string BaseName(Instrument instrument)
    {
        var name = Sanitize(instrument.Name);
        var unit = instrument.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "",
        };
        return unit.Length > 0 && !name.EndsWith(unit, StringComparison.Ordinal) ? name + unit : name;
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(Sanitize(key)).Append("=\"").Append(Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }

        return text.ToString();
    }

    private static string Braced(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Series
    {
        public double Value { get; set; }

        public long Count { get; set; }

        public long[]? Buckets { get; set; }
    }
}
