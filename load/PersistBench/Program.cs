using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using Ticketing.PersistBench;
using Ticketing.Persistence.Events;
using Ticketing.Reconciler;
using Ticketing.Reconciler.Events;
using Ticketing.Reconciler.Outbox;
using Ticketing.Scripts;

// Persist lag under a steady commit rate, the writer's maximum drain rate, and an INSERT anchor,
// against the Redis and PostgreSQL named on the command line (load/persist-bench.sh starts
// throwaway ones on loopback).
BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(arguments.Postgres) { MaxPoolSize = 50 }.ConnectionString,
    ["ConnectionStrings:Redis"] = $"{arguments.Redis},abortConnect=false,syncTimeout=10000",
    ["Reconciler:Jobs:Enabled"] = "false",
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddReconciler(builder.Configuration);
using var host = builder.Build();
await host.StartAsync();
var services = host.Services;
await services.GetRequiredService<Ticketing.Persistence.Migrations.SchemaState>().WaitAsync(CancellationToken.None);

Console.WriteLine($"[persist-bench] steady {arguments.Rate} commits/s for {arguments.Seconds} s (after {arguments.WarmupSeconds} s unmeasured) with the hosted writer");
var lag = await new LagPhase(services.GetRequiredService<IInventoryEngine>(), services.GetRequiredService<IEventRepository>(),
    services.GetRequiredService<IEventLoader>()).RunAsync(arguments.Rate, arguments.Seconds, arguments.WarmupSeconds);
Console.WriteLine($"[persist-bench] lag p50 {lag.P50Ms:F1} ms, p99 {lag.P99Ms:F1} ms over {lag.Persisted} orders ({lag.AchievedRate:F0} commits/s)");

// Only the hosted writer stops, so the drain below is timed on one writer alone; the host (and
// its Redis connection) stays up until the end.
await services.GetServices<IHostedService>().OfType<Ticketing.Reconciler.Outbox.OutboxWriterService>().Single()
    .StopAsync(CancellationToken.None);
Console.WriteLine($"[persist-bench] draining {arguments.Entries:N0} preloaded outbox entries");
var drain = await new DrainPhase(services.GetRequiredService<IEventRepository>(), services.GetRequiredService<OutboxWriter>(),
    services.GetRequiredService<IConnectionMultiplexer>(), services.GetRequiredService<NpgsqlDataSource>()).RunAsync(arguments.Entries);
Console.WriteLine($"[persist-bench] writer {drain.OrdersPerSecond:F0} orders/s ({drain.OrdersInPostgres:N0} rows)");

Console.WriteLine("[persist-bench] anchor: plain multi-row INSERTs");
var anchor = await InsertAnchor.RowsPerSecondAsync(services.GetRequiredService<NpgsqlDataSource>(), TimeSpan.FromSeconds(5));

var report = new PersistReport(DateTimeOffset.UtcNow, Machine.Describe(), lag, drain, anchor,
    services.GetRequiredService<IOptions<ReconcilerOptions>>().Value.Outbox.BatchSize);
await report.WriteAsync(arguments.OutDirectory);
Console.WriteLine(report.Markdown());
Console.WriteLine($"[persist-bench] wrote {Path.Combine(arguments.OutDirectory, "persist.json")} and persist.md");
await host.StopAsync();
return drain.OrdersInPostgres == drain.Entries && lag.Persisted == lag.Commits - lag.FailedCommits ? 0 : 1;
