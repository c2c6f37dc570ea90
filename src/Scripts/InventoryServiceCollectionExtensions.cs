using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var redis = ConnectionMultiplexer.Connect(options);
            // Otherwise every reply's continuation runs in order on one thread, which caps the
            // whole process at what that thread completes; the engine never relies on that order.
            redis.PreserveAsyncOrder = false;
            return redis;
        });
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
