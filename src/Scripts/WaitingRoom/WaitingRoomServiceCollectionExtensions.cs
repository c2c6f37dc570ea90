using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ticketing.Scripts.Connections;

namespace Ticketing.Scripts.WaitingRoom;

/// <summary>Registers the waiting room beside the inventory engine, over the same connection.</summary>
public static class WaitingRoomServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IWaitingRoom"/> and <see cref="IAdmissionLoopStore"/> as singletons over the
    /// engine's connection (<see cref="RedisConnectionFactory.Engine"/>), registering the connections when missing.
    /// </summary>
    public static IServiceCollection AddWaitingRoom(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddInventoryRedis(configuration);
        services.TryAddSingleton<IWaitingRoom>(provider => new RedisWaitingRoom(provider.GetRequiredService<RedisConnectionFactory>().Engine));
        services.TryAddSingleton<IAdmissionLoopStore>(provider => new RedisAdmissionLoopStore(provider.GetRequiredService<RedisConnectionFactory>().Engine));
        return services;
    }
}
