using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    private readonly List<IHostedService> _started = [];

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
    /// <param name="time">The clock of the Reconciler's services (a <c>FakeTimeProvider</c> to move it); the system clock otherwise.</param>
    public static async Task<ReconcilerHarness> StartAsync(RedisServer? redis = null, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var postgres = await (await PostgresServer.Shared).CreateDatabaseAsync("rec");
        var redisConfiguration = (redis ?? await RedisServer.Shared).Configuration;
        // Later sources win: a test's own settings may turn the background work back on.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = postgres,
            ["ConnectionStrings:Redis"] = redisConfiguration,
            ["Reconciler:Outbox:Enabled"] = "false",
            ["Reconciler:Jobs:Enabled"] = "false",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddFilter(level => level >= LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(time ?? TimeProvider.System);
        services.AddReconciler(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        await provider.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        return new ReconcilerHarness(provider, postgres, redisConfiguration);
    }

    /// <summary>
    /// Starts the background services that <c>settings</c> turned on (e.g.
    /// <c>Reconciler:Outbox:Enabled</c>), in this process and on the harness's clock, as a host
    /// would; they stop when the harness is disposed.
    /// </summary>
    public async Task StartBackgroundServicesAsync()
    {
        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
            _started.Add(service);
        }
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
        foreach (var service in Enumerable.Reverse(_started))
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }

    private static string RowName(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"R{index}";
}
