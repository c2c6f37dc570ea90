using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using Ticketing.Persistence.Events;
using Ticketing.Persistence.Migrations;
using Ticketing.Reconciler.Events;
using Ticketing.Scripts;
using Ticketing.Scripts.Layout;
using Ticketing.TestSupport;

namespace Ticketing.Reconciler.Tests.Support;

/// <summary>
/// The Reconciler's services as <c>AddReconciler</c> registers them, over a database of the test's
/// own (migrated) and a real Redis. Background work is off: tests drive the writer and the
/// reconciliation themselves, so what they assert cannot race a hidden loop.
/// </summary>
public sealed class ReconcilerHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ReconcilerHarness(ServiceProvider services, string postgres, string redis)
    {
        _services = services;
        PostgresConnectionString = postgres;
        RedisConfiguration = redis;
    }

    public string PostgresConnectionString { get; }

    public string RedisConfiguration { get; }

    public IInventoryEngine Engine => Get<IInventoryEngine>();

    public NpgsqlDataSource DataSource => Get<NpgsqlDataSource>();

    public IDatabase Redis => Get<IConnectionMultiplexer>().GetDatabase();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <param name="redis">A dedicated server for tests that flush or kill it; the suite's shared one otherwise.</param>
    /// <param name="settings">Extra configuration, e.g. <c>Reconciler:Outbox:ClaimIdleSeconds</c>.</param>
    public static async Task<ReconcilerHarness> StartAsync(RedisServer? redis = null, IDictionary<string, string?>? settings = null)
    {
        var postgres = await (await PostgresServer.Shared).CreateDatabaseAsync("rec");
        var redisConfiguration = (redis ?? await RedisServer.Shared).Configuration;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = postgres,
            ["ConnectionStrings:Redis"] = redisConfiguration,
            ["Reconciler:Outbox:Enabled"] = "false",
            ["Reconciler:Jobs:Enabled"] = "false",
        }.Concat(settings ?? new Dictionary<string, string?>())).Build();

        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddFilter(level => level >= LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration);
        services.AddReconciler(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        await provider.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        return new ReconcilerHarness(provider, postgres, redisConfiguration);
    }

    /// <summary>Creates the event in PostgreSQL and puts it on sale in Redis, as the Api does.</summary>
    public async Task<EventRecord> CreateEventOnSaleAsync(int rows = 2, int seatsPerRow = 10, int maxTicketsPerUser = 8, int holdTtlSeconds = 300)
    {
        var record = await Get<IEventRepository>().CreateAsync(new NewEvent(
            "Stadium Night", "Arena", DateTimeOffset.UtcNow.AddDays(30), "USD", holdTtlSeconds, 8, maxTicketsPerUser, 1,
            [
                new SectionLayout("FLOOR", "Floor", 120.50m,
                    [.. Enumerable.Range(0, rows).Select(i => new RowLayout(RowName(i), seatsPerRow))]),
            ]));
        Assert.True(await Get<IEventLoader>().EnsureLoadedAsync(record));
        return record;
    }

    public async ValueTask DisposeAsync()
    {
        // The 1.2.6 client's Dispose waits up to its sync timeout for in-flight commands; there are none left here.
        await Get<IConnectionMultiplexer>().CloseAsync(allowCommandsToComplete: false);
        await _services.DisposeAsync();
    }

    private static string RowName(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"R{index}";
}
