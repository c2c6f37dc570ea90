using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;

namespace Ticketing.EngineBench;

/// <summary>
/// The anchor: redis-benchmark calling the engine's hold_seats function (FCALL) from 256 connections, no client
/// logic at all. Every request names a new hold id, a random user and seat k of a random row for
/// k = 1..4, exactly like the façade run, with no waiting room (an empty admitted fan).
/// </summary>
internal static class RedisBenchmarkRun
{
    /// <summary>A redis-benchmark run's rate and Redis's own time per script call (INFO commandstats).</summary>
    public sealed record Measured(double PerSecond, double MicrosecondsPerCall);

    public static async Task<double> HoldsPerSecondAsync(string redis, string function, string eventId, int rows, int requests, int callers) =>
        await RunAsync(redis, requests, callers, rows, HoldCommand(["FCALL", function], eventId));

    /// <summary>hold_seats as <see cref="HoldsPerSecondAsync"/> runs it, with Redis's time per call.</summary>
    public static Task<Measured> MeasureHoldsAsync(IConnectionMultiplexer redis, string endpoint, string function, string eventId, int rows, int requests, int callers) =>
        MeasureAsync(redis, endpoint, requests, callers, rows, HoldCommand(["FCALL", function], eventId));

    /// <summary>
    /// Runs one command under redis-benchmark with the server's statistics reset first, so the
    /// commandstats' fcall (a function) or evalsha (a plain script) line afterwards is this run's alone.
    /// </summary>
    public static async Task<Measured> MeasureAsync(IConnectionMultiplexer redis, string endpoint, int requests, int callers, int rows, IReadOnlyList<string> command)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        await server.ConfigResetStatisticsAsync();
        var rate = await RunAsync(endpoint, requests, callers, rows, command);
        var stats = (await server.InfoAsync("commandstats")).SelectMany(group => group)
            .FirstOrDefault(pair => pair.Key is "cmdstat_fcall" or "cmdstat_evalsha").Value ?? "";
        var perCall = stats.Split(',').Select(part => part.Split('=')).Where(pair => pair is ["usec_per_call", _])
            .Select(pair => double.Parse(pair[1], CultureInfo.InvariantCulture)).FirstOrDefault();
        return new Measured(rate, perCall);
    }

    /// <summary>
    /// A 4-seat hold of a random row as redis-benchmark sends it, to whatever takes hold_seats'
    /// keys and arguments: <paramref name="call"/> is <c>FCALL function</c> or <c>EVALSHA sha</c>.
    /// </summary>
    public static List<string> HoldCommand(IReadOnlyList<string> call, string eventId)
    {
        var tag = Guid.Parse(eventId).ToString("N");
        return
        [
            .. call, EventKeys.ScriptKeys(eventId).Length.ToString(CultureInfo.InvariantCulture),
            .. EventKeys.ScriptKeys(eventId).Select(key => key.ToString()),
            "0", EventKeys.Changes(eventId),
            $"rsv_{tag}___rand_int_____rand_int__", "u__rand_int__", "c__rand_int_____rand_int__", "3600", "",
            .. Enumerable.Range(1, BenchOptions.SeatsPerHold).Select(number => $"{BenchEvent.Section}-__rand_int__-{number}"),
        ];
    }

    private static async Task<double> RunAsync(string redis, int requests, int callers, int rows, IReadOnlyList<string> command)
    {
        var (host, port) = (redis.Split(':')[0], redis.Split(':')[1]);
        List<string> arguments =
        [
            "-h", host, "-p", port, "-n", requests.ToString(CultureInfo.InvariantCulture),
            "-c", callers.ToString(CultureInfo.InvariantCulture), "-r", rows.ToString(CultureInfo.InvariantCulture), "--csv",
            .. command,
        ];

        var info = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("redis-benchmark did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-benchmark failed: {errors}");
        }

        // --csv: a header line, then "FCALL ...","<requests per second>",...
        var row = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return double.Parse(row.Split(',')[1].Trim('"'), CultureInfo.InvariantCulture);
    }
}
