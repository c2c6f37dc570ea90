using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Execution;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Faults;

[Collection(FaultCollection.Name)]
public sealed class ScriptCacheTests
{
    private static async Task<long> CallsAsync(IConnectionMultiplexer redis, string command)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var stats = (await server.InfoAsync("commandstats")).SelectMany(group => group).ToDictionary(pair => pair.Key, pair => pair.Value);
        return stats.TryGetValue($"cmdstat_{command}", out var line)
            ? long.Parse(line.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture)
            : 0;
    }

    [Fact]
    public async Task TheHotPathCallsTheLoadedFunctionByName()
    {
        await using var server = await RedisServer.StartAsync(appendFsync: "everysec");
        using var redisConnection = await TestConnection.OpenAsync(server.Configuration + ",allowAdmin=true");
        var redis = redisConnection.Redis;
        var harness = new EngineHarness(redis);
        var layout = await harness.LoadAsync(TestEvents.SingleRow(200, maxTicketsPerUser: 1000));
        await harness.HeldAsync(layout, "warm-up", "S-1-1");
        var (loadsBefore, callsBefore) = (await CallsAsync(redis, "function|load"), await CallsAsync(redis, "fcall"));

        for (var seat = 2; seat <= 101; seat++)
        {
            await harness.HeldAsync(layout, "u1", $"S-1-{seat}");
        }

        Assert.Equal(1, loadsBefore);
        Assert.Equal(loadsBefore, await CallsAsync(redis, "function|load"));
        Assert.Equal(callsBefore + 100, await CallsAsync(redis, "fcall"));
        Assert.Equal(0, await CallsAsync(redis, "evalsha") + await CallsAsync(redis, "eval"));
    }

    [Fact]
    public async Task TwoBuildsOnOneRedisKeepTheirOwnLibraries()
    {
        await using var server = await RedisServer.StartAsync(appendFsync: "everysec");
        using var redisConnection = await TestConnection.OpenAsync(server.Configuration);
        var redis = redisConnection.Redis;
        // An earlier build's library: another name, a function of the same script name.
        var earlier = EngineScripts.Library.Text.Replace(EngineScripts.Library.Suffix, "0ldb0ild", StringComparison.Ordinal);
        await redis.GetDatabase().ExecuteAsync("FUNCTION", "LOAD", earlier);
        var harness = new EngineHarness(redis);

        var layout = await harness.LoadAsync(TestEvents.SingleRow(10));
        await harness.HeldAsync(layout, "u1", "S-1-1");

        var libraries = ((RedisResult[])(await redis.GetDatabase().ExecuteAsync("FUNCTION", "LIST"))!)
            .Select(library => (string)((RedisResult[])library!)[1]!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "ticketing_0ldb0ild", EngineScripts.Library.Name }.Order(StringComparer.Ordinal), libraries);
    }

    [Fact]
    public async Task FunctionFlushFromAnotherConnectionMidRunLosesNoOperation()
    {
        await using var server = await RedisServer.StartAsync(appendFsync: "everysec");
        using var redisConnection = await TestConnection.OpenAsync(server.Configuration);
        var redis = redisConnection.Redis;
        using var adminConnection = await TestConnection.OpenAsync(server.Configuration + ",allowAdmin=true");
        var admin = adminConnection.Redis;
        var harness = new EngineHarness(redis);
        var layout = await harness.LoadAsync(TestEvents.SingleRow(400, maxSeatsPerHold: 2, maxTicketsPerUser: 1000));

        var flusher = admin.GetServer(admin.GetEndPoints()[0]);
        using var stop = new CancellationTokenSource();
        var background = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await flusher.ExecuteAsync("FUNCTION", "FLUSH");
                await Task.Delay(5);
            }
        });

        // 200 two-seat holds, 8 at a time; the functions are dropped between batches and, at random
        // moments, while they run.
        var outcomes = new List<HoldOutcome>();
        foreach (var batch in Enumerable.Range(0, 200).Chunk(8))
        {
            await flusher.ExecuteAsync("FUNCTION", "FLUSH");
            outcomes.AddRange(await Task.WhenAll(batch.Select(i =>
                harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, $"u{i}", $"c{i}", [$"S-1-{(2 * i) + 1}", $"S-1-{(2 * i) + 2}"], null)))));
        }

        await stop.CancelAsync();
        await background;

        Assert.True(await CallsAsync(admin, "function|load") >= 25, "the library was loaded again after each flush");
        Assert.All(outcomes, outcome => Assert.IsType<HoldOutcome.Held>(outcome));
        Assert.Equal(400, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.HeldSeats);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, redis, layout.EventId);
    }
}
