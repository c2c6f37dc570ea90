using System.Globalization;

namespace Ticketing.PersistBench;

/// <summary>Command line: <c>--redis HOST:PORT --postgres CONNECTION --out DIR --seconds N --warmup N --rate N --entries N</c>.</summary>
internal sealed record BenchArguments(string Redis, string Postgres, string OutDirectory, int Seconds, int WarmupSeconds, int Rate, int Entries)
{
    public static BenchArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'; use --redis HOST:PORT --postgres CONNECTION --out DIR --seconds N --warmup N --rate N --entries N");
            }

            values[args[i][2..]] = args[i + 1];
        }

        int Number(string name, int fallback, int min, int max)
        {
            if (!values.TryGetValue(name, out var text))
            {
                return fallback;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}");
        }

        string Required(string name) => values.GetValueOrDefault(name)
            ?? throw new ArgumentException($"--{name} is required (load/persist-bench.sh passes the servers it started)");

        return new BenchArguments(
            Required("redis"),
            Required("postgres"),
            values.GetValueOrDefault("out") ?? Path.Combine("load", "results", "persist"),
            Number("seconds", 20, 5, 600),
            Number("warmup", 3, 0, 60),
            Number("rate", 1_000, 10, 20_000),
            Number("entries", 50_000, 1_000, 1_000_000));
    }
}
