using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Ticketing.PersistBench;

/// <summary>The machine the numbers were measured on.</summary>
internal sealed record Machine(string Cpu, int Cores, double MemoryGib, string Os, string Runtime, string LoadAverage)
{
    public static Machine Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memoryKiB = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        return new Machine(
            cpu ?? RuntimeInformation.ProcessArchitecture.ToString(),
            Environment.ProcessorCount,
            memoryKiB is null ? 0 : Math.Round(double.Parse(memoryKiB, CultureInfo.InvariantCulture) / 1024 / 1024, 1),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            // Other work on the same cores moves every number; the load average says how much there was.
            File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a");
    }
}

/// <summary>Everything one run measured, written as persist.json and persist.md.</summary>
internal sealed record PersistReport(
    DateTimeOffset MeasuredAt, Machine Machine, LagResult Lag, DrainResult Writer, double AnchorInsertRowsPerSecond, int BatchSize)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writer orders/s over the anchor's plain INSERT rows/s.</summary>
    public double WriterToAnchorRatio => Writer.OrdersPerSecond / AnchorInsertRowsPerSecond;

    public bool LagTargetMet => Lag.P99Ms < 1_000;

    public bool WriterTargetMet => Writer.OrdersPerSecond >= 5_000;

    public async Task WriteAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "persist.json"), JsonSerializer.Serialize(this, Json));
        await File.WriteAllTextAsync(Path.Combine(directory, "persist.md"), Markdown());
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("## Persistence: outbox writer (Redis → PostgreSQL)");
        text.AppendLine();
        text.AppendLine(c, $"Measured {MeasuredAt:yyyy-MM-dd HH:mm} UTC on {Machine.Cpu}, {Machine.Cores} cores, {Machine.MemoryGib} GiB, {Machine.Os}, {Machine.Runtime}; load average {Machine.LoadAverage} at the end of the run.");
        text.AppendLine("Redis 7 (AOF, `appendfsync always`) and PostgreSQL 15 (fsync on) started by the bench on loopback, with the client on the same cores.");
        text.AppendLine();
        text.AppendLine("| measure | value | target |");
        text.AppendLine("|---|---|---|");
        text.AppendLine(c, $"| steady commits (hold + payment + commit through the engine) | {Lag.AchievedRate:F0}/s for {Lag.Commits:N0} commits ({Lag.FailedCommits} failed) | {Lag.TargetRate}/s |");
        text.AppendLine(c, $"| persist lag p50 (commit in Redis → row committed in PostgreSQL) | {Lag.P50Ms:F1} ms | |");
        text.AppendLine(c, $"| persist lag p99 | {Lag.P99Ms:F1} ms | < 1000 ms {(LagTargetMet ? "✔" : "✘")} |");
        text.AppendLine(c, $"| persist lag max | {Lag.MaxMs:F1} ms | |");
        text.AppendLine(c, $"| writer drain, one event, batches of {BatchSize} | {Writer.OrdersPerSecond:F0} orders/s ({Writer.Entries:N0} in {Writer.Seconds:F2} s) | ≥ 5000/s {(WriterTargetMet ? "✔" : "✘")} |");
        text.AppendLine(c, $"| anchor: plain 1,000-row INSERTs, same PostgreSQL, same run | {AnchorInsertRowsPerSecond:F0} rows/s | |");
        text.AppendLine(c, $"| writer ÷ anchor | {WriterToAnchorRatio:P0} | |");
        text.AppendLine();
        text.AppendLine("Each order the writer persists is three rows (order, ticket, payment) written with duplicate");
        text.AppendLine("checks in one transaction, then acknowledged in Redis; the anchor is one bare row per insert.");
        return text.ToString();
    }
}
