using Npgsql;
using Ticketing.Reconciler.Persistence;

namespace Ticketing.Reconciler;

/// <summary>Registers the PostgreSQL side of the service: hosted in the Api or in the worker.</summary>
public static class ReconcilerServiceCollectionExtensions
{
    public static IServiceCollection AddReconciler(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set");
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<SchemaState>();
        services.AddHostedService<MigrationHostedService>();
        return services;
    }
}
