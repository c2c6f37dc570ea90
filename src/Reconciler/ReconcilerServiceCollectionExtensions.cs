using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Ticketing.Reconciler.Drift;
using Ticketing.Reconciler.Events;
using Ticketing.Reconciler.Jobs;
using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Orders;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.Persistence;
using Ticketing.Scripts;

namespace Ticketing.Reconciler;

/// <summary>Registers the PostgreSQL side of the service: hosted in the Api or in the worker.</summary>
public static class ReconcilerServiceCollectionExtensions
{
    /// <summary>
    /// The single entry point: schema migrations, repositories and queries, the outbox writer and
    /// the recurring jobs. <c>Reconciler:Outbox:Enabled</c> and <c>Reconciler:Jobs:Enabled</c>
    /// turn the background work off (tests); the queries stay available.
    /// </summary>
    public static IServiceCollection AddReconciler(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set");
        services.AddOptions<ReconcilerOptions>()
            .Bind(configuration.GetSection(ReconcilerOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReconcilerOptions>, ReconcilerOptionsValidator>();

        // The Reconciler drives the engine (loads, sweeps, repairs); registering it here is a no-op when the host already has.
        services.AddInventoryEngine(configuration);
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<SchemaState>();
        services.AddHostedService<MigrationHostedService>();

        services.AddSingleton<IEventRepository, EventRepository>();
        services.AddSingleton<IEventLoader, EventLoader>();
        services.AddSingleton<SoldSeatQueries>();
        services.AddSingleton<IOrderQueries, OrderQueries>();

        services.AddMetrics();
        services.AddSingleton<ReconcilerMetrics>();
        services.AddSingleton<IOpsQueries, OpsQueries>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOrderOutbox(configuration);
        services.AddSingleton<OrderBatchWriter>();
        services.AddSingleton<OutboxWriter>();
        services.AddSingleton<OutboxWakeups>();
        if (configuration.GetValue($"{ReconcilerOptions.Section}:Outbox:Enabled", defaultValue: true))
        {
            services.AddHostedService<OutboxWriterService>();
        }

        services.AddSingleton<ReconciliationLog>();
        services.AddSingleton<EventReconciler>();
        services.AddSingleton<IReconciliationRunner, ReconciliationRunner>();
        services.AddReconcilerJobs(configuration, connectionString);
        return services;
    }

    /// <summary>Fails the start naming the exact setting at fault.</summary>
    private sealed class ReconcilerOptionsValidator : IValidateOptions<ReconcilerOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReconcilerOptions options) =>
            options.IsValid(out var problem) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem!);
    }
}
