using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Ticketing.Scripts.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Registration;

public sealed class AddInventoryEngineTests
{
    [Fact]
    public async Task TheEngineIsOneSharedInstanceOverTheConfiguredRedis()
    {
        var server = await RedisServer.Shared;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = server.Configuration })
            .Build();
        await using var provider = new ServiceCollection().AddInventoryEngine(configuration).BuildServiceProvider();

        var engine = provider.GetRequiredService<IInventoryEngine>();
        var layout = TestEvents.Arena();

        Assert.Same(engine, provider.GetRequiredService<IInventoryEngine>());
        Assert.True(await engine.LoadEventAsync(layout));
        Assert.True(await engine.IsLoadedAsync(layout.EventId));
        var redis = provider.GetRequiredService<IConnectionMultiplexer>();
        redis.Close(allowCommandsToComplete: false);
    }
}
