using System.Globalization;

namespace Ticketing.Load.Bench;

/// <summary>
/// Where the cores went during one measured command: CPU seconds of Redis, the Api and PostgreSQL
/// over its wall time (load/bench.sh samples them before and after). What is left of the machine
/// went to the load generator and to anything else running.
/// </summary>
public sealed record CpuPhase(string Label, double WallSeconds, double RedisSeconds, double ApiSeconds, double PostgresSeconds)
{
    public double RedisCores => Cores(RedisSeconds);

    public double ApiCores => Cores(ApiSeconds);

    public double PostgresCores => Cores(PostgresSeconds);

    /// <summary>Reads the "LABEL start|end WALL REDIS API PG" lines of cpu.txt into phases.</summary>
    public static IReadOnlyList<CpuPhase> Parse(string text)
    {
        var starts = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var phases = new List<CpuPhase>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length != 6)
            {
                continue;
            }

            var values = parts[2..].Select(value => double.Parse(value, CultureInfo.InvariantCulture)).ToArray();
            if (parts[1] == "start")
            {
                starts[parts[0]] = values;
            }
            else if (starts.Remove(parts[0], out var start))
            {
                phases.Add(new CpuPhase(parts[0], values[0] - start[0], values[1] - start[1], values[2] - start[2], values[3] - start[3]));
            }
        }

        return phases;
    }

    private double Cores(double cpuSeconds) => WallSeconds > 0 ? cpuSeconds / WallSeconds : 0;
}

/// <summary>Redis' own count and time of one command during a phase (<c>INFO commandstats</c>).</summary>
public sealed record RedisCommandStat(string Command, long Calls, double MicrosPerCall)
{
    public static IReadOnlyList<RedisCommandStat> Parse(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("cmdstat_", StringComparison.Ordinal))
            .Select(line =>
            {
                var name = line["cmdstat_".Length..line.IndexOf(':', StringComparison.Ordinal)];
                var fields = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(',')
                    .Select(field => field.Split('=', 2)).Where(pair => pair.Length == 2)
                    .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
                return new RedisCommandStat(name,
                    long.Parse(fields.GetValueOrDefault("calls", "0"), CultureInfo.InvariantCulture),
                    double.Parse(fields.GetValueOrDefault("usec_per_call", "0"), CultureInfo.InvariantCulture));
            })
            .OrderByDescending(stat => stat.Calls * stat.MicrosPerCall)
            .ToList();
}
