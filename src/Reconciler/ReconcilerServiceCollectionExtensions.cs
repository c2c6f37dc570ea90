using Microsoft.Extensions.Options;
using Npgsql;
using Ticketing.Reconciler.Events;
using Ticketing.Reconciler.Orders;
using Ticketing.Reconciler.Persistence;

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

        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<SchemaState>();
        services.AddHostedService<MigrationHostedService>();

        services.AddSingleton<IEventRepository, EventRepository>();
        services.AddSingleton<IEventLoader, EventLoader>();
        services.AddSingleton<SoldSeatQueries>();
        services.AddSingleton<IOrderQueries, OrderQueries>();
        return services;
    }

    /// <summary>Fails the start naming the exact setting at fault.</summary>
    private sealed class ReconcilerOptionsValidator : IValidateOptions<ReconcilerOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReconcilerOptions options) =>
            options.IsValid(out var problem) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem!);
    }
}
