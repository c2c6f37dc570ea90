using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;
using Ticketing.Scripts;

namespace Ticketing.Load.Invariants;

/// <summary>Connects to the stores the way the service does, and runs the <see cref="InvariantCheck"/>.</summary>
public static class InvariantRunner
{
    public static async Task<InvariantReport> RunAsync(
        InvariantOptions options, string eventId, IReadOnlyCollection<string> confirmedOrders, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = options.Redis })
            .Build();
        var services = new ServiceCollection();
        services.AddInventoryEngine(configuration);
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<IInventoryEngine>();
        await using var dataSource = NpgsqlDataSource.Create(options.Postgres);
        var redis = new RedisFacts(provider.GetRequiredService<IConnectionMultiplexer>());
        var check = new InvariantCheck(engine, redis, new PostgresFacts(dataSource), options);
        return await check.RunAsync(eventId, confirmedOrders, cancellationToken);
    }
}
