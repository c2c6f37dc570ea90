using System.Globalization;
using StackExchange.Redis;
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
    public async Task TheHotPathEvaluatesBySha()
    {
        await using var server = await RedisServer.StartAsync(appendFsync: "everysec");
        using var redisConnection = await TestConnection.OpenAsync(server.Configuration + ",allowAdmin=true");
        var redis = redisConnection.Redis;
        var harness = new EngineHarness(redis);
        var layout = await harness.LoadAsync(TestEvents.SingleRow(200, maxTicketsPerUser: 1000));
        await harness.HeldAsync(layout, "warm-up", "S-1-1");
        var (evalBefore, shaBefore) = (await CallsAsync(redis, "eval"), await CallsAsync(redis, "evalsha"));

        for (var seat = 2; seat <= 101; seat++)
        {
            await harness.HeldAsync(layout, "u1", $"S-1-{seat}");
        }

        Assert.Equal(evalBefore, await CallsAsync(redis, "eval"));
        Assert.Equal(shaBefore + 100, await CallsAsync(redis, "evalsha"));
    }

    [Fact]
    public async Task ScriptFlushFromAnotherConnectionMidRunLosesNoOperation()
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
                await flusher.ScriptFlushAsync();
                await Task.Delay(5);
            }
        });

        // 200 two-seat holds, 8 at a time; the cache is emptied between batches and, at random
        // moments, while they run.
        var outcomes = new List<HoldOutcome>();
        foreach (var batch in Enumerable.Range(0, 200).Chunk(8))
        {
            await flusher.ScriptFlushAsync();
            outcomes.AddRange(await Task.WhenAll(batch.Select(i =>
                harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, $"u{i}", $"c{i}", [$"S-1-{(2 * i) + 1}", $"S-1-{(2 * i) + 2}"], null)))));
        }

        await stop.CancelAsync();
        await background;

        Assert.True(await CallsAsync(admin, "eval") >= 25, "scripts were sent again after each NOSCRIPT");
        Assert.All(outcomes, outcome => Assert.IsType<HoldOutcome.Held>(outcome));
        Assert.Equal(400, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.HeldSeats);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, redis, layout.EventId);
    }
}
