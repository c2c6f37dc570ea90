using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ticketing.EngineBench;

/// <summary>engine.json (numbers for tools) and engine.md (a section for docs/BENCHMARKS.md).</summary>
internal sealed class BenchReport(
    BenchOptions options, string holdFunction, string redisVersion, IReadOnlyList<FsyncResult> results, IReadOnlyList<MinimalAnchorRound> minimalRounds, IReadOnlyList<OperationProfile.Row> operations, (double Before, double After) loadAverage)
{
    private readonly DateTimeOffset _date = DateTimeOffset.UtcNow;

    private FsyncResult Production => results.Single(result => result.Fsync == "always");

    private static string Cpu()
    {
        try
        {
            var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal));
            return model is null ? RuntimeInformation.ProcessArchitecture.ToString() : model.Split(':', 2)[1].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    public string Json()
    {
        var json = new JsonObject
        {
            ["redis_benchmark_holds_per_s"] = Math.Round(Production.AnchorHoldsPerSecond),
            ["facade_holds_per_s"] = Math.Round(Production.Facade.HoldsPerSecond),
            ["ratio"] = Math.Round(Production.Ratio, 3),
            ["callers"] = options.Callers,
            ["seats_per_hold"] = BenchOptions.SeatsPerHold,
            ["appendfsync"] = "always",
            ["requests_per_run"] = Production.Requests,
            ["redis_benchmark_held_ratio"] = Math.Round(Production.AnchorHeldRatio, 3),
            ["facade_held_ratio"] = Math.Round(Production.Facade.SuccessRatio, 3),
            ["facade_p50_ms"] = Math.Round(Production.Facade.P50Ms, 3),
            ["facade_p99_ms"] = Math.Round(Production.Facade.P99Ms, 3),
            ["by_appendfsync"] = new JsonObject(results.Select(result => KeyValuePair.Create<string, JsonNode?>(result.Fsync, new JsonObject
            {
                ["redis_benchmark_holds_per_s"] = Math.Round(result.AnchorHoldsPerSecond),
                ["facade_holds_per_s"] = Math.Round(result.Facade.HoldsPerSecond),
                ["ratio"] = Math.Round(result.Ratio, 3),
            }))),
            ["minimal_anchor"] = new JsonObject
            {
                ["clients"] = MinimalAnchorRound.Clients,
                ["seats_in_hash"] = MinimalScriptAnchor.Rows * BenchOptions.SeatsPerHold,
                ["median_share"] = Math.Round(MinimalAnchorRound.Median(minimalRounds).Share, 3),
                ["median_calls_alone_share"] = Math.Round(MinimalAnchorRound.MedianCallsShare(minimalRounds), 3),
                ["rounds"] = new JsonArray([.. minimalRounds.Select(round => (JsonNode)new JsonObject
                {
                    ["hold_seats_per_s"] = Math.Round(round.Hold.PerSecond),
                    ["hold_seats_us_per_call"] = round.Hold.MicrosecondsPerCall,
                    ["hold_calls_alone_per_s"] = Math.Round(round.Calls.PerSecond),
                    ["hold_calls_alone_us_per_call"] = round.Calls.MicrosecondsPerCall,
                    ["minimal_per_s"] = Math.Round(round.Minimal.PerSecond),
                    ["minimal_us_per_call"] = round.Minimal.MicrosecondsPerCall,
                    ["share"] = Math.Round(round.Share, 3),
                    ["calls_alone_share"] = Math.Round(round.CallsShare, 3),
                })]),
            },
            ["operations"] = new JsonArray([.. operations.Select(row => (JsonNode)new JsonObject
            {
                ["seats"] = row.Seats, ["operation"] = row.Operation, ["calls"] = row.Calls, ["us_per_call"] = row.MicrosecondsPerCall,
            })]),
            ["hold_function"] = holdFunction,
            ["redis_version"] = redisVersion,
            ["redis_client"] = RedisClient.Version,
            ["cpu"] = Cpu(),
            ["cores"] = Environment.ProcessorCount,
            ["load_average_1m"] = new JsonObject { ["before"] = loadAverage.Before, ["after"] = loadAverage.After },
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["date_utc"] = _date.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine("## Inventory engine: 4-seat holds");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {_date:yyyy-MM-dd HH:mm} UTC on {Cpu()} ({Environment.ProcessorCount} cores), Redis {redisVersion}, {RuntimeInformation.FrameworkDescription}, by `load/engine-bench.sh`.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine load (1-minute average) was {loadAverage.Before:N1} before and {loadAverage.After:N1} after the runs: on a shared machine the absolute rates say more about the neighbours than about the engine; the ratio of two drivers measured back to back is the comparable number.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Both drivers send {Production.Requests:N0} hold requests of {BenchOptions.SeatsPerHold} random seats with {options.Callers} concurrent callers to one throwaway");
        text.AppendLine("redis-server on loopback; the anchor is `redis-benchmark` calling the same `hold_seats` function (`FCALL`)");
        text.AppendLine("(no client logic), the façade is `IInventoryEngine.HoldSeatsAsync` in one .NET process (typed answer included).");
        text.AppendLine("A hold is counted whether it succeeds or is refused because a seat is taken, as in a real flash sale.");
        text.AppendLine();
        text.AppendLine("| appendfsync | redis-benchmark holds/s | façade holds/s | façade / anchor | held (anchor / façade) | façade p50 / p99 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {result.Fsync}{(result.Fsync == "always" ? " (production)" : "")} | {result.AnchorHoldsPerSecond:N0} | {result.Facade.HoldsPerSecond:N0} | {result.Ratio:P0} | {result.AnchorHeldRatio:P0} / {result.Facade.SuccessRatio:P0} | {result.Facade.P50Ms:N1} / {result.Facade.P99Ms:N1} ms |");
        }

        text.AppendLine();
        text.AppendLine("Target: the façade reaches at least 60% of the redis-benchmark rate with `appendfsync always`.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Beside the minimal-script anchor (HMGET, HSET, hold-record HSET, ZADD, HINCRBY over 4 random seats of a {MinimalScriptAnchor.Rows * BenchOptions.SeatsPerHold:N0}-seat hash), both by redis-benchmark with {MinimalAnchorRound.Clients} clients and `appendfsync always`, in turn; Redis µs per call from `INFO commandstats`:");
        text.AppendLine();
        text.AppendLine("| round | hold_seats/s | hold_seats µs/call | its calls alone/s | calls alone µs/call | minimal/s | minimal µs/call | hold_seats / minimal | calls alone / minimal |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < minimalRounds.Count; i++)
        {
            var round = minimalRounds[i];
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {i + 1} | {round.Hold.PerSecond:N0} | {round.Hold.MicrosecondsPerCall:N1} | {round.Calls.PerSecond:N0} | {round.Calls.MicrosecondsPerCall:N1} | {round.Minimal.PerSecond:N0} | {round.Minimal.MicrosecondsPerCall:N1} | {round.Share:P0} | {round.CallsShare:P0} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Median share {MinimalAnchorRound.Median(minimalRounds).Share:P0}; target at least 50%.");
        text.AppendLine(CultureInfo.InvariantCulture, $"\"Its calls alone\" makes every Redis call of a successful or refused `hold_seats` on the same kind of event, in order, with only the minimal script's check (`load/EngineBench/HoldCallsAnchor.cs`): the share no trimming of the Lua can pass (median {MinimalAnchorRound.MedianCallsShare(minimalRounds):P0}).");
        text.AppendLine();
        text.Append(OperationProfile.Markdown(operations));
        return text.ToString();
    }
}
