using System.Text.Json;

namespace Ticketing.Load.Bench;

/// <summary>One wrk run, as load/wrk/report.lua summarised it on its <c>WRK_JSON</c> line.</summary>
public sealed record WrkRun(long Requests, double Seconds, IReadOnlyDictionary<int, long> Statuses, long SocketErrors, double P50, double P90, double P99, double Max)
{
    private const string Marker = "WRK_JSON ";

    public long CountOf(int status) => Statuses.GetValueOrDefault(status);

    public double RateOf(int status) => Seconds > 0 ? CountOf(status) / Seconds : 0;

    public double Share(int status) => Requests > 0 ? CountOf(status) / (double)Requests : 0;

    public static WrkRun? Parse(string output)
    {
        var line = output.Split('\n').LastOrDefault(text => text.StartsWith(Marker, StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(line[Marker.Length..]);
        var root = json.RootElement;
        var statuses = root.GetProperty("statuses").EnumerateObject()
            .ToDictionary(status => int.Parse(status.Name, System.Globalization.CultureInfo.InvariantCulture), status => status.Value.GetInt64());
        var errors = root.GetProperty("socket_errors").EnumerateObject().Sum(error => error.Value.GetInt64());
        var latency = root.GetProperty("latency_ms");
        return new WrkRun(
            root.GetProperty("requests").GetInt64(), root.GetProperty("duration_s").GetDouble(), statuses, errors,
            latency.GetProperty("p50").GetDouble(), latency.GetProperty("p90").GetDouble(),
            latency.GetProperty("p99").GetDouble(), latency.GetProperty("max").GetDouble());
    }
}
