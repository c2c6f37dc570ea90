using StackExchange.Redis;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Faults;

/// <summary>Redis runs with AOF and appendfsync always: what the engine acknowledged survives a restart and kill -9.</summary>
[Collection(FaultCollection.Name)]
public sealed class RestartTests
{
    private static async Task<HoldOutcome> HoldOnceRedisIsBackAsync(EngineHarness harness, HoldSeatsRequest request)
    {
        HoldOutcome? outcome = null;
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                outcome = await harness.Engine.HoldSeatsAsync(request);
                return true;
            }
            catch (RedisException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the engine works again once Redis is back");
        return outcome!;
    }

    [Fact]
    public async Task HoldsAndSoldSeatsSurviveARestartAndScriptsAreSentAgain()
    {
        await using var server = await RedisServer.StartAsync();
        using var redisConnection = await TestConnection.OpenAsync(server.Configuration);
        var redis = redisConnection.Redis;
        var harness = new EngineHarness(redis);
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2");
        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, "u2", "FLOOR-B-1"), "k1");

        await server.RestartAsync();

        var next = await HoldOnceRedisIsBackAsync(harness, new HoldSeatsRequest(layout.EventId, "u3", "c3", ["FLOOR-A-2", "FLOOR-C-1"], null));
        Assert.Equal(["FLOOR-A-2"], Assert.IsType<HoldOutcome.SeatsUnavailable>(next).SeatIds);
        Assert.Equal(HoldStatus.Held, (await harness.Engine.GetHoldAsync(hold.HoldId, "u1"))!.Status);
        Assert.Equal(SeatStatus.Sold, await EngineAssertions.StatusAsync(harness.Engine, layout.EventId, "FLOOR-B-1"));
        Assert.Equal(order.OrderId, (await harness.Engine.GetOrderAsync(order.OrderId))!.OrderId);
        Assert.IsType<HoldOutcome.Held>(await harness.HoldAsync(layout, "u3", "FLOOR-C-1"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, redis, layout.EventId);
    }

    [Fact]
    public async Task AnAcknowledgedCommitSurvivesKillDashNine()
    {
        await using var server = await RedisServer.StartAsync(appendFsync: "always");
        using var redisConnection = await TestConnection.OpenAsync(server.Configuration);
        var redis = redisConnection.Redis;
        var harness = new EngineHarness(redis);
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2");
        var paying = await harness.PayingAsync(hold, "k1");
        var committed = Assert.IsType<CommitOutcome.Committed>(await harness.Engine.CommitAsync(EngineHarness.CommitOf(paying, "k1")));
        var live = await harness.HeldAsync(layout, "u2", "FLOOR-B-1");

        server.Kill();
        await server.RestartAsync();

        var after = await HoldOnceRedisIsBackAsync(harness, new HoldSeatsRequest(layout.EventId, "u3", "c3", ["FLOOR-A-1"], null));
        Assert.IsType<HoldOutcome.SeatsUnavailable>(after);
        var order = await harness.Engine.GetOrderAsync(committed.Order.OrderId);
        Assert.Equal(committed.Order.Tickets, order!.Tickets);
        Assert.Equal(HoldStatus.Committed, (await harness.Engine.GetHoldAsync(hold.HoldId, "u1"))!.Status);
        Assert.Equal(HoldStatus.Held, (await harness.Engine.GetHoldAsync(live.HoldId, "u2"))!.Status);
        var replay = Assert.IsType<CommitOutcome.Committed>(await harness.Engine.CommitAsync(EngineHarness.CommitOf(paying, "k1")));
        Assert.True(replay.Replayed);
        var outboxLength = (long)await redis.GetDatabase().ScriptEvaluateAsync("return redis.call('XLEN', KEYS[1])", [EventKeys.Outbox(layout.EventId)]);
        Assert.Equal(1, outboxLength);
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, redis, layout.EventId);
    }
}
