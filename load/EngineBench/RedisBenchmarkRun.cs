using System.Diagnostics;
using System.Globalization;
using Ticketing.Scripts.Keys;

namespace Ticketing.EngineBench;

/// <summary>
/// The anchor: redis-benchmark sending EVALSHA of hold_seats from 256 connections, no client
/// logic at all. Every request names a new hold id, a random user and seat k of a random row for
/// k = 1..4, exactly like the façade run, with no waiting room (an empty admitted fan).
/// </summary>
internal static class RedisBenchmarkRun
{
    public static async Task<double> HoldsPerSecondAsync(string redis, string sha, string eventId, int rows, int requests, int callers)
    {
        var (host, port) = (redis.Split(':')[0], redis.Split(':')[1]);
        var tag = Guid.Parse(eventId).ToString("N");
        List<string> arguments =
        [
            "-h", host, "-p", port, "-n", requests.ToString(CultureInfo.InvariantCulture),
            "-c", callers.ToString(CultureInfo.InvariantCulture), "-r", rows.ToString(CultureInfo.InvariantCulture), "--csv",
            "EVALSHA", sha, EventKeys.ScriptKeys(eventId).Length.ToString(CultureInfo.InvariantCulture),
            .. EventKeys.ScriptKeys(eventId).Select(key => key.ToString()),
            "0", EventKeys.Changes(eventId),
            $"rsv_{tag}___rand_int_____rand_int__", "u__rand_int__", "c__rand_int_____rand_int__", "3600", "",
            .. Enumerable.Range(1, BenchOptions.SeatsPerHold).Select(number => $"{BenchEvent.Section}-__rand_int__-{number}"),
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

        // --csv: a header line, then "EVALSHA ...","<requests per second>",...
        var row = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return double.Parse(row.Split(',')[1].Trim('"'), CultureInfo.InvariantCulture);
    }
}
