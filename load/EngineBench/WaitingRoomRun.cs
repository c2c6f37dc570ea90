using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.EngineBench;

/// <summary>
/// The waiting room's section of the engine bench: <c>--room-fans</c> fans (1,000,000 by default,
/// 0 skips it) join one room through <see cref="IWaitingRoom.JoinAsync"/> from the bench's callers,
/// on the same server right after the hold runs; then Redis's memory per waiting fan, measured two
/// ways (the room's keys by <c>MEMORY USAGE</c>, and <c>used_memory</c> before and after), and the
/// cost of the reads every Api process makes (state) and of one sweep run.
/// </summary>
internal static class WaitingRoomRun
{
    private const int ProjectedFans = 2_000_000;

    public sealed record Result(
        int Fans, double JoinsPerSecond, double JoinP99Ms, long RoomKeyBytes, long UsedMemoryDelta,
        double StateReadMs, double SweepRunMs, double AnchorHoldsPerSecond, PreQueueOpen Open)
    {
        public double BytesPerFan => (double)RoomKeyBytes / Fans;

        public double UsedMemoryPerFan => (double)UsedMemoryDelta / Fans;

        public double JoinsPerAnchorHold => JoinsPerSecond / AnchorHoldsPerSecond;
    }

    /// <summary>The open of a pre-queue: the whole call, and Redis's own time in its script runs (close, the order's pages, publish).</summary>
    public sealed record PreQueueOpen(int Members, double WallMs, double RedisMs, long ScriptRuns);

    public static int FansFrom(string[] args)
    {
        var index = Array.IndexOf(args, "--room-fans");
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 1_000_000;
    }

    public static async Task<Result> RunAsync(IConnectionMultiplexer redis, int fans, int callers, double anchorHoldsPerSecond)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var room = new RedisWaitingRoom(redis);
        var eventId = Guid.NewGuid().ToString();
        var ids = Enumerable.Range(0, fans).Select(i => FairShuffle.PseudonymousId("bench"u8, eventId, $"user-{i}")).ToArray();
        await room.ConfigureAsync(eventId, new WaitingRoomSettings(500, 100, TimeSpan.FromMinutes(10), WaitingRoomSettings.DefaultAbandonAfter));
        var usedBefore = await UsedMemoryAsync(server);

        var issued = 0;
        var latencies = new double[fans];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref issued) - 1) < fans)
            {
                var started = Stopwatch.GetTimestamp();
                if (await room.JoinAsync(eventId, ids[index]) is not QueuePlace.Waiting)
                {
                    throw new InvalidOperationException("a join did not queue the fan");
                }

                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var joinsPerSecond = fans / clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);

        var state = await room.GetStateAsync(eventId);
        if (state?.Waiting != fans)
        {
            throw new InvalidOperationException($"the room counts {state?.Waiting} waiting fans, not {fans}");
        }

        var usedAfter = await UsedMemoryAsync(server);
        long keyBytes = 0;
        foreach (var key in WaitingRoomKeys.ScriptKeys(eventId))
        {
            var usage = await redis.GetDatabase().ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
            keyBytes += usage.IsNull ? 0 : (long)usage;
        }

        const int reads = 200;
        clock.Restart();
        for (var i = 0; i < reads; i++)
        {
            await room.GetStateAsync(eventId);
        }

        var stateReadMs = clock.Elapsed.TotalMilliseconds / reads;
        clock.Restart();
        await room.SweepAsync(eventId, 10_000);
        var sweepMs = clock.Elapsed.TotalMilliseconds;

        foreach (var key in WaitingRoomKeys.ScriptKeys(eventId))
        {
            await redis.GetDatabase().KeyDeleteAsync(key);
        }

        var open = await OpenPreQueueAsync(redis, server, room, ids[..(fans / 4)]);
        return new Result(fans, joinsPerSecond, latencies[(int)(fans * 0.99)], keyBytes, usedAfter - usedBefore, stateReadMs, sweepMs, anchorHoldsPerSecond, open);
    }

    /// <summary>
    /// A quarter of the fans wait in a pre-queue that opens 2 s after the last of them joined (the
    /// bench waits in real time: the open is Redis-timed), then one OpenAsync orders them.
    /// </summary>
    private static async Task<PreQueueOpen> OpenPreQueueAsync(IConnectionMultiplexer redis, IServer server, IWaitingRoom room, string[] ids)
    {
        var eventId = Guid.NewGuid().ToString();
        var settings = new WaitingRoomSettings(500, 100, TimeSpan.FromMinutes(10), WaitingRoomSettings.DefaultAbandonAfter, DateTimeOffset.UtcNow.AddHours(1));
        await room.ConfigureAsync(eventId, settings);
        foreach (var chunk in ids.Chunk(5_000))
        {
            await Task.WhenAll(chunk.Select(id => room.JoinAsync(eventId, id)));
        }

        // The operator moves the opening forward, as allowed while the pre-queue is open.
        await room.ConfigureAsync(eventId, settings with { OpensAt = DateTimeOffset.UtcNow.AddSeconds(2) });
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await server.ConfigResetStatisticsAsync();
        var clock = Stopwatch.StartNew();
        if (await room.OpenAsync(eventId) is not OpenOutcome.Opened opened || opened.Members != ids.Length)
        {
            throw new InvalidOperationException("the pre-queue did not open with all its fans");
        }

        var wallMs = clock.Elapsed.TotalMilliseconds;
        var scripts = (await server.InfoAsync("commandstats")).SelectMany(group => group)
            .Where(pair => pair.Key is "cmdstat_evalsha" or "cmdstat_eval").Select(pair => pair.Value.Split(',')).ToList();
        var redisUs = scripts.Sum(stat => double.Parse(stat[1].Split('=')[1], CultureInfo.InvariantCulture));
        var runs = scripts.Sum(stat => long.Parse(stat[0].Split('=')[1], CultureInfo.InvariantCulture));
        foreach (var key in WaitingRoomKeys.ScriptKeys(eventId))
        {
            await redis.GetDatabase().KeyDeleteAsync(key);
        }

        return new PreQueueOpen(ids.Length, wallMs, redisUs / 1000, runs);
    }

    public static string Json(Result result) => new JsonObject
    {
        ["fans"] = result.Fans,
        ["joins_per_s"] = Math.Round(result.JoinsPerSecond),
        ["join_p99_ms"] = Math.Round(result.JoinP99Ms, 2),
        ["anchor_holds_per_s"] = Math.Round(result.AnchorHoldsPerSecond),
        ["joins_per_anchor_hold"] = Math.Round(result.JoinsPerAnchorHold, 2),
        ["room_key_bytes"] = result.RoomKeyBytes,
        ["bytes_per_fan"] = Math.Round(result.BytesPerFan, 1),
        ["used_memory_delta_bytes"] = result.UsedMemoryDelta,
        ["used_memory_per_fan"] = Math.Round(result.UsedMemoryPerFan, 1),
        ["projected_bytes_for_2m_fans"] = (long)(result.BytesPerFan * ProjectedFans),
        ["state_read_ms"] = Math.Round(result.StateReadMs, 3),
        ["sweep_run_10k_ms"] = Math.Round(result.SweepRunMs, 2),
        ["open_prequeue_members"] = result.Open.Members,
        ["open_prequeue_wall_ms"] = Math.Round(result.Open.WallMs),
        ["open_prequeue_redis_ms"] = Math.Round(result.Open.RedisMs),
        ["open_prequeue_script_runs"] = result.Open.ScriptRuns,
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    public static string Markdown(Result result)
    {
        var text = new StringBuilder();
        text.AppendLine("## Waiting room (engine)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{result.Fans:N0} fans joined one room through `IWaitingRoom.JoinAsync` (the joins that arrive while a `room_join` run is in flight go together, up to 200 fans a run; appendfsync always), on the server and in the run of the hold anchor above.");
        text.AppendLine();
        text.AppendLine("| measure | value |");
        text.AppendLine("|---|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| joins/s (p99 {result.JoinP99Ms:N1} ms) | {result.JoinsPerSecond:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| hold anchor (redis-benchmark, same run) | {result.AnchorHoldsPerSecond:N0} holds/s |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| joins per anchor hold | {result.JoinsPerAnchorHold:N2} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| room keys (`MEMORY USAGE`, exact) | {result.RoomKeyBytes / 1e6:N1} MB, {result.BytesPerFan:N0} bytes per waiting fan |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| `used_memory` after − before | {result.UsedMemoryDelta / 1e6:N1} MB, {result.UsedMemoryPerFan:N0} bytes per waiting fan |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| 2,000,000 fans (linear) | {result.BytesPerFan * ProjectedFans / 1e6:N0} MB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| state read (`room_state`) | {result.StateReadMs:N2} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| one sweep run over 10,000 queue numbers | {result.SweepRunMs:N1} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| the open of a {result.Open.Members:N0}-fan pre-queue (close, read, rank, order) | {result.Open.WallMs / 1000:N1} s, of which Redis {result.Open.RedisMs:N0} ms in {result.Open.ScriptRuns} script runs (the order staged a page per run, then published in one) |");
        text.AppendLine();
        text.AppendLine("Target: at most 200 bytes of Redis memory per waiting fan.");
        return text.ToString();
    }

    private static async Task<long> UsedMemoryAsync(IServer server) =>
        long.Parse((await server.InfoAsync("memory")).SelectMany(group => group).First(pair => pair.Key == "used_memory").Value, CultureInfo.InvariantCulture);
}
