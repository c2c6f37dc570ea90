using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Registration;

/// <summary>
/// The engine as a host registers it, on every deployment <c>ConnectionStrings:Redis</c> can name:
/// a single server, Redis Cluster, and a primary found through Redis Sentinel.
/// </summary>
public sealed class AddInventoryEngineTests
{
    [Fact]
    public async Task TheEngineIsOneSharedInstanceOverTheConfiguredRedis()
    {
        await using var provider = Provider((await RedisServer.Shared).Configuration);

        var engine = provider.GetRequiredService<IInventoryEngine>();
        var layout = TestEvents.Arena();

        Assert.Same(engine, provider.GetRequiredService<IInventoryEngine>());
        Assert.Same(engine, provider.GetRequiredService<IInventorySales>());
        Assert.Same(engine, provider.GetRequiredService<IInventoryReader>());
        Assert.Same(engine, provider.GetRequiredService<IInventoryMaintenance>());
        Assert.True(await engine.LoadEventAsync(layout));
        Assert.True(await engine.IsLoadedAsync(layout.EventId));
    }

    [Fact]
    public async Task TheEngineSellsOnRedisClusterNamedByItsMasters()
    {
        await using var provider = Provider((await RedisCluster.Shared).Configuration);

        await AssertHoldsSeatsAsync(provider);
    }

    [Fact]
    public async Task TheEngineFindsThePrimaryThroughSentinel()
    {
        await using var sentinel = await RedisSentinel.StartAsync();
        await using var provider = Provider(sentinel.Configuration);

        var eventId = await AssertHoldsSeatsAsync(provider);

        // The writes landed on the primary the sentinel names, read here without the sentinel.
        using var primary = await TestConnection.OpenAsync(sentinel.Primary.Configuration);
        Assert.True(await primary.Redis.GetDatabase().KeyExistsAsync(EventKeys.Meta(eventId)));
    }

    private static ServiceProvider Provider(string redis) =>
        new ServiceCollection().AddInventoryEngine(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis })
            .Build()).BuildServiceProvider();

    private static async Task<string> AssertHoldsSeatsAsync(ServiceProvider provider)
    {
        var layout = TestEvents.Arena();
        Assert.True(await provider.GetRequiredService<IInventoryMaintenance>().LoadEventAsync(layout));

        var outcome = await provider.GetRequiredService<IInventorySales>().HoldSeatsAsync(
            new(layout.EventId, "u1", "client-1", ["FLOOR-A-1", "FLOOR-A-2"], null));

        Assert.IsType<HoldOutcome.Held>(outcome);
        Assert.Equal(2, (await provider.GetRequiredService<IInventoryReader>().GetAvailabilityAsync(layout.EventId))!.HeldSeats);
        return layout.EventId;
    }
}
