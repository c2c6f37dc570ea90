using System.Globalization;

namespace Ticketing.EngineBench;

/// <summary>Command line: --redis host:port --out DIR [--seconds N] [--callers N].</summary>
internal sealed record BenchOptions(string Redis, string OutDirectory, int Seconds, int Callers)
{
    public const int SeatsPerHold = 4;

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        return new BenchOptions(
            Value("--redis") ?? throw new ArgumentException("--redis host:port is required"),
            Value("--out") ?? ".bench",
            int.Parse(Value("--seconds") ?? "10", CultureInfo.InvariantCulture),
            int.Parse(Value("--callers") ?? "256", CultureInfo.InvariantCulture));
    }
}
