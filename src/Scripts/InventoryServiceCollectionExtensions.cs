using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Ticketing.Scripts;

/// <summary>Registers the Redis connection and the inventory engine that runs on it.</summary>
public static class InventoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared <see cref="IConnectionMultiplexer"/> from <c>ConnectionStrings:Redis</c>.
    /// It connects lazily and keeps retrying, so the process starts (and reports not-ready) while
    /// Redis is down instead of crashing.
    /// </summary>
    public static IServiceCollection AddInventoryRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var configurationString = configuration.GetConnectionString("Redis")
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set");
        var options = ConfigurationOptions.Parse(configurationString);
        options.AbortOnConnectFail = false;
        services.AddSingleton(new SharedRedisConnection(options));
        services.AddSingleton<IConnectionMultiplexer>(provider => provider.GetRequiredService<SharedRedisConnection>().Multiplexer);
        services.AddHostedService<RedisConnectionCloser>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="IInventoryEngine"/> as a singleton over the connection from
    /// <see cref="AddInventoryRedis"/> (which it also registers when missing).
    /// </summary>
    public static IServiceCollection AddInventoryEngine(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.Any(service => service.ServiceType == typeof(IConnectionMultiplexer)))
        {
            services.AddInventoryRedis(configuration);
        }

        services.TryAddSingleton<IInventoryEngine>(provider => new RedisInventoryEngine(provider.GetRequiredService<IConnectionMultiplexer>()));
        return services;
    }
}

/// <summary>The process's one Redis connection, made on first use.</summary>
internal sealed class SharedRedisConnection(ConfigurationOptions options)
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer = new(() =>
    {
        var redis = ConnectionMultiplexer.Connect(options);
        // Otherwise every reply's continuation runs in order on one thread, which caps the
        // whole process at what that thread completes; the engine never relies on that order.
        redis.PreserveAsyncOrder = false;
        return redis;
    });

    public ConnectionMultiplexer Multiplexer => _multiplexer.Value;

    /// <summary>
    /// Closes the connection without waiting for QUIT replies: a plain dispose in
    /// StackExchange.Redis 1.2.6 waits up to the sync timeout for them, stalling every stop.
    /// A connection never made is not made now.
    /// </summary>
    public void Close()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Close(allowCommandsToComplete: false);
        }
    }
}

/// <summary>
/// Closes the shared connection at shutdown. Registered with the connection, before the services
/// that use it, so (hosted services stop in reverse order) it stops last.
/// </summary>
internal sealed class RedisConnectionCloser(SharedRedisConnection connection) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        connection.Close();
        return Task.CompletedTask;
    }
}
