using System.Globalization;
using System.Reflection;
using StackExchange.Redis;
using Ticketing.EngineBench;
using Ticketing.Scripts;
using Ticketing.Scripts.Execution;
using Ticketing.Scripts.Keys;

// Engine benchmark: the 4-seat hold script driven by redis-benchmark (the ceiling of one Redis
// core) and by the C# façade with the same number of concurrent callers, on the same server in
// the same run. See src/Scripts/README.md (Benchmark) for what exactly is measured.
// best-available.sh runs the Lua files itself and needs the constants the engine declares ahead of them.
if (args is ["--lua-prelude"])
{
    Console.WriteLine(ScriptConstants.LuaPrelude);
    return 0;
}

// best-available.sh loads the engine's function library itself (FUNCTION LOAD) and calls hold_best by name.
if (args is ["--engine-library"])
{
    Console.Write(EngineScripts.Library.Text);
    return 0;
}

// script-ab.sh times two builds' scripts with redis-cli --pipe: the calls of one event, as raw protocol.
if (args is ["--pipe-commands", var librarySuffix, var pipeEventId, var directory, .. var rest] && rest.Length <= 1)
{
    PipeCommands.Write(librarySuffix, pipeEventId, directory, rest is [var perUser] ? int.Parse(perUser, CultureInfo.InvariantCulture) : 1);
    return 0;
}

var options = BenchOptions.Parse(args);
var redis = await ConnectionMultiplexer.ConnectAsync($"{options.Redis},allowAdmin=true,syncTimeout=30000,abortConnect=false");
var server = redis.GetServer(redis.GetEndPoints()[0]);
var engine = new RedisInventoryEngine(redis);

// The engine's library, loaded as the façade would load it, so redis-benchmark can FCALL hold_seats by name.
try
{
    await redis.GetDatabase().ExecuteAsync("FUNCTION", "LOAD", EngineScripts.Library.Text);
}
catch (RedisServerException exception) when (exception.Message.Contains("already exists", StringComparison.Ordinal))
{
}

var function = EngineScripts.HoldSeats.FunctionName;

async Task<(string EventId, int Rows)> LoadEventAsync(int rows)
{
    var layout = BenchEvent.Create(rows);
    await engine.LoadEventAsync(layout);
    return (layout.EventId, rows);
}

async Task DropEventAsync(string eventId)
{
    var database = redis.GetDatabase();
    foreach (var key in EventKeys.ScriptKeys(eventId))
    {
        await database.KeyDeleteAsync(key);
    }

    await database.SetRemoveAsync(EventKeys.OnSaleEvents, eventId);
}

async Task<double> HeldRatioAsync(string eventId, int requests) =>
    (double)(await engine.GetAvailabilityAsync(eventId))!.HeldSeats / BenchOptions.SeatsPerHold / requests;

Console.WriteLine($"engine bench: StackExchange.Redis {RedisClient.Version}, {function}, {options.Callers} callers, {BenchOptions.SeatsPerHold} seats per hold, ~{options.Seconds} s per run");

// Calibrate the request count so each run lasts about --seconds; rows = requests keeps the mix
// of successful and refused holds the same for every run size.
var calibration = await LoadEventAsync(20_000);
var calibrated = await RedisBenchmarkRun.HoldsPerSecondAsync(options.Redis, function, calibration.EventId, calibration.Rows, 20_000, options.Callers);
await DropEventAsync(calibration.EventId);
var requests = (int)Math.Clamp(calibrated * options.Seconds, 20_000, 2_000_000);

// Warm the façade (JIT, connection, script cache) outside the measured runs.
var warmUp = await LoadEventAsync(20_000);
await FacadeRun.RunAsync(engine, warmUp.EventId, warmUp.Rows, 20_000, options.Callers);
await DropEventAsync(warmUp.EventId);

var loadBefore = LoadAverage.Read();
var results = new List<FsyncResult>();
foreach (var fsync in new[] { "always", "everysec" })
{
    await server.ConfigSetAsync("appendfsync", fsync);

    var anchorEvent = await LoadEventAsync(requests);
    var anchor = await RedisBenchmarkRun.HoldsPerSecondAsync(options.Redis, function, anchorEvent.EventId, anchorEvent.Rows, requests, options.Callers);
    var anchorHeld = await HeldRatioAsync(anchorEvent.EventId, requests);
    await DropEventAsync(anchorEvent.EventId);

    var facadeEvent = await LoadEventAsync(requests);
    // The first hold of an event reads its layout once per process; keep that out of the timing.
    await engine.HoldSeatsAsync(new(facadeEvent.EventId, "warm", "warm", [BenchEvent.SeatId(0, 1)], 3600));
    var facade = await FacadeRun.RunAsync(engine, facadeEvent.EventId, facadeEvent.Rows, requests, options.Callers);
    await DropEventAsync(facadeEvent.EventId);

    var result = new FsyncResult(fsync, requests, anchor, anchorHeld, facade);
    results.Add(result);
    Console.WriteLine(result.Summary());
}

// The minimal-script anchor beside hold_seats: both through redis-benchmark with 50 clients and
// appendfsync always, in turn, so load from other work falls on both alike; the median share is
// the number to compare (target: hold_seats at least 50% of the minimal script's rate). The hold's
// own calls with no logic run in the same turn: the share no trimming of the Lua can pass.
await server.ConfigSetAsync("appendfsync", "always");
var minimalRounds = new List<MinimalAnchorRound>();
for (var round = 0; round < MinimalAnchorRound.Rounds; round++)
{
    var holdEvent = await LoadEventAsync(requests);
    var hold = await RedisBenchmarkRun.MeasureHoldsAsync(redis, options.Redis, function, holdEvent.EventId, holdEvent.Rows, requests, MinimalAnchorRound.Clients);
    await DropEventAsync(holdEvent.EventId);
    var callsEvent = await LoadEventAsync(requests);
    var calls = await HoldCallsAnchor.RunAsync(redis, options.Redis, callsEvent.EventId, callsEvent.Rows, requests, MinimalAnchorRound.Clients);
    await DropEventAsync(callsEvent.EventId);
    var minimal = await MinimalScriptAnchor.RunAsync(redis, options.Redis, requests, MinimalAnchorRound.Clients);
    minimalRounds.Add(new MinimalAnchorRound(hold, calls, minimal));
    Console.WriteLine(minimalRounds[^1].Summary());
}

// Per operation, on a 20,000-seat and a 100,000-seat event (production persistence).
var operations = new List<OperationProfile.Row>();
foreach (var seats in new[] { 20_000, 100_000 })
{
    operations.AddRange(await OperationProfile.RunAsync(redis, engine, seats, 2_000));
}

Console.Write(OperationProfile.Markdown(operations));

var redisVersion = (await server.InfoAsync("server")).SelectMany(group => group).FirstOrDefault(pair => pair.Key == "redis_version").Value ?? "?";
var report = new BenchReport(options, function, redisVersion, results, minimalRounds, operations, (loadBefore, LoadAverage.Read()));
Directory.CreateDirectory(options.OutDirectory);
await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "engine.json"), report.Json());
await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "engine.md"), report.Markdown());
Console.WriteLine($"wrote {Path.Combine(options.OutDirectory, "engine.json")} and engine.md");

if (WaitingRoomRun.FansFrom(args) is > 0 and var roomFans)
{
    await server.ConfigSetAsync("appendfsync", "always");
    var room = await WaitingRoomRun.RunAsync(redis, roomFans, options.Callers, results.Single(result => result.Fsync == "always").AnchorHoldsPerSecond);
    await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "room.json"), WaitingRoomRun.Json(room));
    await File.WriteAllTextAsync(Path.Combine(options.OutDirectory, "room.md"), WaitingRoomRun.Markdown(room));
    Console.WriteLine($"waiting room: {room.JoinsPerSecond:N0} joins/s, {room.BytesPerFan:N0} bytes per waiting fan; wrote room.json and room.md");
}

redis.Close(allowCommandsToComplete: false);
return 0;

/// <summary>The StackExchange.Redis build this bench runs on (engine-bench.sh --clients compares several).</summary>
internal static class RedisClient
{
    public static string Version { get; } =
        typeof(ConnectionMultiplexer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ConnectionMultiplexer).Assembly.GetName().Version?.ToString() ?? "?";
}

/// <summary>One appendfsync setting's two runs.</summary>
internal sealed record FsyncResult(string Fsync, int Requests, double AnchorHoldsPerSecond, double AnchorHeldRatio, FacadeRun.Result Facade)
{
    public double Ratio => Facade.HoldsPerSecond / AnchorHoldsPerSecond;

    public string Summary() =>
        $"appendfsync {Fsync,-8}: redis-benchmark {AnchorHoldsPerSecond,9:N0} holds/s ({AnchorHeldRatio:P0} held) | " +
        $"façade {Facade.HoldsPerSecond,9:N0} holds/s ({Facade.SuccessRatio:P0} held, p50 {Facade.P50Ms:N2} ms, p99 {Facade.P99Ms:N2} ms) | ratio {Ratio:P0}";
}

/// <summary>
/// One round of hold_seats beside the minimal-script anchor and the hold's own calls alone
/// (<see cref="HoldCallsAnchor"/>), each by redis-benchmark with 50 clients.
/// </summary>
internal sealed record MinimalAnchorRound(RedisBenchmarkRun.Measured Hold, RedisBenchmarkRun.Measured Calls, RedisBenchmarkRun.Measured Minimal)
{
    public const int Rounds = 3;

    public const int Clients = 50;

    public double Share => Hold.PerSecond / Minimal.PerSecond;

    /// <summary>The hold's calls alone as a share of the minimal script: as far as trimming Lua can take <see cref="Share"/>.</summary>
    public double CallsShare => Calls.PerSecond / Minimal.PerSecond;

    public string Summary() =>
        $"hold_seats {Hold.PerSecond,9:N0}/s at {Hold.MicrosecondsPerCall:N1} µs per call | its calls alone {Calls.PerSecond,9:N0}/s at {Calls.MicrosecondsPerCall:N1} µs | " +
        $"minimal script {Minimal.PerSecond,9:N0}/s at {Minimal.MicrosecondsPerCall:N1} µs | share {Share:P0} (calls alone {CallsShare:P0})";

    public static MinimalAnchorRound Median(IReadOnlyList<MinimalAnchorRound> rounds) =>
        rounds.OrderBy(round => round.Share).ElementAt(rounds.Count / 2);

    public static double MedianCallsShare(IReadOnlyList<MinimalAnchorRound> rounds) =>
        rounds.Select(round => round.CallsShare).Order().ElementAt(rounds.Count / 2);
}
