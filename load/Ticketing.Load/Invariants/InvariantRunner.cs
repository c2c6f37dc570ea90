using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
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
        services.AddInventoryRedis(configuration);
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetService<IInventoryEngine>()
            ?? throw new InvalidOperationException("this build has no inventory engine registered; the invariant check needs Ticketing.Scripts' engine");
        await using var dataSource = NpgsqlDataSource.Create(options.Postgres);
        var check = new InvariantCheck(engine, new PostgresFacts(dataSource), options);
        return await check.RunAsync(eventId, confirmedOrders, cancellationToken);
    }
}
