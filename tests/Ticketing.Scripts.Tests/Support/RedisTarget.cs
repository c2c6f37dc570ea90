using StackExchange.Redis;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Support;

/// <summary>A Redis deployment the engine suite runs against, shared by the tests of one class.</summary>
public abstract class RedisTarget : IAsyncLifetime
{
    private TestConnection? _connection;

    public ConnectionMultiplexer Connection => _connection?.Redis ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _connection = await TestConnection.OpenAsync(await ConfigurationAsync());

    public Task DisposeAsync()
    {
        _connection?.Dispose();
        return Task.CompletedTask;
    }

    protected abstract Task<string> ConfigurationAsync();
}

/// <summary>The suite's single redis-server.</summary>
public sealed class SingleServerTarget : RedisTarget
{
    protected override async Task<string> ConfigurationAsync() => (await RedisServer.Shared).Configuration;
}

/// <summary>The suite's 3-master Redis Cluster.</summary>
public sealed class ClusterTarget : RedisTarget
{
    protected override async Task<string> ConfigurationAsync() => (await RedisCluster.Shared).Configuration;
}
