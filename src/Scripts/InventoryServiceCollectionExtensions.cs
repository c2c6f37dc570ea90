using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Ticketing.Scripts.Connections;
using Ticketing.Scripts.Outbox;
using Ticketing.Scripts.Replication;

namespace Ticketing.Scripts;

/// <summary>Registers the Redis connections and the façades over them: the only door to Redis.</summary>
public static class InventoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="RedisConnectionFactory"/> over <c>ConnectionStrings:Redis</c> (a
    /// single server, a cluster or sentinels; see there), and its engine connection as the shared
    /// <see cref="IConnectionMultiplexer"/>. Registering it twice changes nothing.
    /// </summary>
    public static IServiceCollection AddInventoryRedis(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(service => service.ServiceType == typeof(RedisConnectionFactory)))
        {
            return services;
        }

        var configurationString = configuration.GetConnectionString("Redis")
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set");
        var replication = Replication(services, configuration);
        services.AddSingleton(_ => new RedisConnectionFactory(configurationString, replication.Enabled ? replication.CommitConnections : 1));
        services.AddSingleton(provider => provider.GetRequiredService<RedisConnectionFactory>().Engine);
        services.AddHostedService<RedisConnectionCloser>();
        return services;
    }

    /// <summary>
    /// Registers the engine as a singleton, under <see cref="IInventoryEngine"/> and each of the
    /// narrower façades its callers need (<see cref="IInventorySales"/>,
    /// <see cref="IInventoryReader"/>, <see cref="IInventoryMaintenance"/>, <see cref="ITicketGate"/>), over the connection
    /// from <see cref="AddInventoryRedis"/> (which it registers too). Commits wait for the replicas
    /// that <c>Redis:CommitReplicas</c> names (<see cref="CommitReplicationOptions"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The <c>Redis</c> section has values out of range.</exception>
    public static IServiceCollection AddInventoryEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddInventoryRedis(configuration);
        var replication = Replication(services, configuration);
        services.TryAddSingleton<IInventoryEngine>(provider =>
        {
            var connections = provider.GetRequiredService<RedisConnectionFactory>();
            return replication.Enabled
                ? new RedisInventoryEngine(connections.Engine, connections.Commits, replication)
                : new RedisInventoryEngine(connections.Engine);
        });
        services.TryAddSingleton<IInventorySales>(provider => provider.GetRequiredService<IInventoryEngine>());
        services.TryAddSingleton<IInventoryReader>(provider => provider.GetRequiredService<IInventoryEngine>());
        services.TryAddSingleton<IInventoryMaintenance>(provider => provider.GetRequiredService<IInventoryEngine>());
        services.TryAddSingleton<ITicketGate>(provider => provider.GetRequiredService<IInventoryEngine>());
        services.TryAddSingleton<IInventoryRefunds>(provider => provider.GetRequiredService<IInventoryEngine>());
        return services;
    }

    /// <summary>
    /// Registers <see cref="IOrderOutbox"/> over the outbox writer's own connection
    /// (<see cref="RedisConnectionFactory.OutboxWriter"/>), registering the connections when missing.
    /// When commits wait for replicas, so do the writer's reads (see <see cref="RedisOrderOutbox"/>).
    /// </summary>
    public static IServiceCollection AddOrderOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddInventoryRedis(configuration);
        var replication = Replication(services, configuration);
        services.TryAddSingleton<IOrderOutbox>(provider => new RedisOrderOutbox(provider.GetRequiredService<RedisConnectionFactory>().OutboxWriter, replication));
        return services;
    }

    /// <summary>The <c>Redis</c> section's commit replication, read and checked once per container.</summary>
    private static CommitReplicationOptions Replication(IServiceCollection services, IConfiguration configuration)
    {
        if (services.FirstOrDefault(service => service.ServiceType == typeof(CommitReplicationOptions))?.ImplementationInstance
            is CommitReplicationOptions registered)
        {
            return registered;
        }

        var replication = configuration.GetSection(CommitReplicationOptions.Section).Get<CommitReplicationOptions>() ?? new CommitReplicationOptions();
        replication.Validate();
        services.AddSingleton(replication);
        return replication;
    }
}

/// <summary>
/// Closes the connections at shutdown. Registered with the connection factory, before the
/// services that use it, so (hosted services stop in reverse order) it stops last.
/// </summary>
internal sealed class RedisConnectionCloser(RedisConnectionFactory connections) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        connections.Dispose();
        return Task.CompletedTask;
    }
}
