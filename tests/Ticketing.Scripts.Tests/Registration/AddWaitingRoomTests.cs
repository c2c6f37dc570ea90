using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Ticketing.Scripts.Tests.WaitingRoom;
using Ticketing.Scripts.WaitingRoom;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Registration;

/// <summary>The waiting room as a host registers it: beside the engine, over the same connection, on one server and on Redis Cluster.</summary>
public sealed class AddWaitingRoomTests
{
    [Fact]
    public async Task TheRoomSharesTheEnginesConnection()
    {
        await using var provider = Provider((await RedisServer.Shared).Configuration);

        Assert.Same(provider.GetRequiredService<IWaitingRoom>(), provider.GetRequiredService<IWaitingRoom>());
        Assert.Single(provider.GetServices<IConnectionMultiplexer>());
        await AssertQueuesAndAdmitsAsync(provider.GetRequiredService<IWaitingRoom>());
    }

    [Fact]
    public async Task TheRoomRunsOnRedisClusterInItsEventsSlot()
    {
        await using var provider = Provider((await RedisCluster.Shared).Configuration);

        await AssertQueuesAndAdmitsAsync(provider.GetRequiredService<IWaitingRoom>());
    }

    private static ServiceProvider Provider(string redis)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis })
            .Build();
        return new ServiceCollection().AddInventoryEngine(configuration).AddWaitingRoom(configuration).BuildServiceProvider();
    }

    private static async Task AssertQueuesAndAdmitsAsync(IWaitingRoom room)
    {
        var eventId = Guid.NewGuid().ToString();
        await room.ConfigureAsync(eventId, RoomHarness.Roomy);
        Assert.Equal(new QueuePlace.Waiting(1, 1), await room.JoinAsync(eventId, "fan-1"));
        Assert.Equal(new QueuePlace.Waiting(2, 2), await room.JoinAsync(eventId, "fan-2"));
        var admitted = Assert.IsType<AdmitOutcome.Admitted>(await room.AdmitAsync(eventId, 1));
        Assert.Equal([new AdmittedFan("fan-1", 1)], admitted.Fans);
        var state = (await room.GetStateAsync(eventId))!;
        Assert.Equal((1L, 1L, 1L), (state.Serving, state.Waiting, state.Active));
    }
}
