using System.Text.Json;
using Ticketing.Load.Api;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Bench;

/// <summary>Everything one load/bench.sh run left in its results folder; absent parts are null.</summary>
public sealed record BenchResults(
    IReadOnlyDictionary<string, string> Machine,
    IReadOnlyList<(string Label, string Command)> Commands,
    WrkRun? Ping,
    PgbenchRun? Baseline,
    WrkRun? Hold,
    RunReport? HoldAtHalfPeak,
    RunReport? FlashSale,
    ExternalSection? Engine,
    ExternalSection? Persist,
    WrkRun? SeatMapReads,
    IReadOnlyList<CpuPhase> Cpu,
    IReadOnlyDictionary<string, IReadOnlyList<RedisCommandStat>> RedisCommands,
    double? FsyncPerSecond,
    ExternalSection? WaitingRoom = null,
    WrkRun? QueuePolls = null,
    WrkRun? QueueJoins = null,
    long? JoinUsers = null,
    ExternalSection? Chaos = null,
    RunReport? Stadium = null,
    IReadOnlyDictionary<string, IReadOnlyList<CpuSample>>? CpuEverySecond = null)
{
    public static BenchResults Load(string folder)
    {
        string? Read(string name) => File.Exists(Path.Combine(folder, name)) ? File.ReadAllText(Path.Combine(folder, name)) : null;

        var machine = (Read("machine.env") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        var commands = (Read("commands.txt") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 2)).Where(parts => parts.Length == 2)
            .Select(parts => (parts[0], parts[1])).ToList();
        return new BenchResults(
            machine, commands,
            Read("ping.wrk.txt") is { } ping ? WrkRun.Parse(ping) : null,
            Read("pgbench.txt") is { } pgbench ? PgbenchRun.Parse(pgbench) is { } run ? run with { Bookings = CountIn(Read("pgbench-bookings.txt")) } : null : null,
            Read("hold.wrk.txt") is { } hold ? WrkRun.Parse(hold) : null,
            ReadReport(Read("hold-rate-bench.json")),
            ReadReport(Read("flash-sale-bench.json")),
            ExternalSection.Load(Path.Combine(folder, "engine"), "engine"),
            ExternalSection.Load(Path.Combine(folder, "persist"), "persist"),
            Read("seatmap.wrk.txt") is { } seatMap ? WrkRun.Parse(seatMap) : null,
            CpuPhase.Parse(Read("cpu.txt") ?? ""),
            ReadPerLabel(folder, "redis-commandstats-", RedisCommandStat.Parse),
            FdatasyncRate(Read("fsync.txt")),
            ExternalSection.Load(Path.Combine(folder, "engine"), "room"),
            Read("queue-poll.wrk.txt") is { } polls ? WrkRun.Parse(polls) : null,
            Read("queue-join.wrk.txt") is { } joins ? WrkRun.Parse(joins) : null,
            CountIn(Read("join-users.txt")),
            ExternalSection.Load(Path.Combine(folder, "chaos"), "chaos"),
            ReadReport(Read("flash-sale-stadium.json")),
            ReadPerLabel(folder, "cpu-seconds-", CpuSample.Parse));
    }

    /// <summary>pg_test_fsync's fdatasync rate for one 8 kB write (the first fdatasync line).</summary>
    internal static double? FdatasyncRate(string? output)
    {
        var line = output?.Split('\n').FirstOrDefault(text => text.TrimStart().StartsWith("fdatasync", StringComparison.Ordinal));
        var number = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return double.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var rate) ? rate : null;
    }

    /// <summary>The PREFIX-LABEL.txt files bench.sh writes per measured command, by label.</summary>
    private static Dictionary<string, T> ReadPerLabel<T>(string folder, string prefix, Func<string, T> parse) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, $"{prefix}*.txt").ToDictionary(
                path => Path.GetFileNameWithoutExtension(path)[prefix.Length..],
                path => parse(File.ReadAllText(path)), StringComparer.Ordinal)
            : new Dictionary<string, T>(StringComparer.Ordinal);

    private static long? CountIn(string? text) =>
        long.TryParse(text?.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : null;

    private static RunReport? ReadReport(string? json) => json is null ? null : JsonSerializer.Deserialize<RunReport>(json, Json.Options);
}

/// <summary>A section another bench script wrote (NAME.md to include, NAME.json for its numbers).</summary>
public sealed record ExternalSection(string Markdown, JsonElement? Numbers)
{
    public static ExternalSection? Load(string folder, string name)
    {
        var markdown = Path.Combine(folder, $"{name}.md");
        if (!File.Exists(markdown))
        {
            return null;
        }

        var jsonPath = Path.Combine(folder, $"{name}.json");
        JsonElement? numbers = File.Exists(jsonPath) ? JsonDocument.Parse(File.ReadAllText(jsonPath)).RootElement.Clone() : null;
        return new ExternalSection(File.ReadAllText(markdown), numbers);
    }

    /// <summary>The first number found under any of <paramref name="names"/>, searched depth-first.</summary>
    public double? FindNumber(params string[] names)
    {
        if (Numbers is not { } root)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (Find(root, name) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static double? Find(JsonElement element, string name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals(name) && property.Value.ValueKind == JsonValueKind.Number)
                    {
                        return property.Value.GetDouble();
                    }
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (Find(property.Value, name) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, name) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
