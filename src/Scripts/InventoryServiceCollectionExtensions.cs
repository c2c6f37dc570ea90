using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Ticketing.Scripts;

/// <summary>Registers the Redis connection the inventory engine runs on.</summary>
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
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        return services;
    }
}
