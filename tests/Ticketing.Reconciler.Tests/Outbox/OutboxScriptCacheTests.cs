using StackExchange.Redis;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Reconciler.Tests.Outbox;

public sealed class OutboxScriptCacheTests
{
    [Fact]
    public async Task WriterKeepsWorkingAfterAnotherClientFlushesTheScriptCache()
    {
        await using var redis = await RedisServer.StartAsync(appendFsync: "everysec");
        await using var harness = await ReconcilerHarness.StartAsync(redis);
        var record = await harness.CreateEventOnSaleAsync();
        var writer = harness.Get<OutboxWriter>();
        await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));
        Assert.Equal(1, await writer.DrainEventAsync(record.Id, CancellationToken.None));

        using (var operator_ = await ConnectionMultiplexer.ConnectAsync($"{redis.Endpoint},allowAdmin=true"))
        {
            await operator_.GetServer(redis.Endpoint).ScriptFlushAsync();
        }

        await harness.Engine.BuyAsync(record.Id, "u2", Sales.Seat("A", 2));
        Assert.Equal(1, await writer.DrainEventAsync(record.Id, CancellationToken.None));
        Assert.Equal(2, await harness.DataSource.CountAsync("SELECT count(*) FROM orders"));
    }
}
