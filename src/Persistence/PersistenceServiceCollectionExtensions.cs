using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Ticketing.Persistence.Events;
using Ticketing.Persistence.Migrations;
using Ticketing.Persistence.Ops;
using Ticketing.Persistence.Orders;
using Ticketing.Persistence.Payments;
using Ticketing.Persistence.WaitingRooms;

namespace Ticketing.Persistence;

/// <summary>Registers the PostgreSQL side: one data source, the migrations applied on start, and the stores over them.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Everything that reads or writes PostgreSQL through <c>ConnectionStrings:Postgres</c>. Calling it twice
    /// registers nothing twice. Order reads need the inventory engine (orders not written yet live in Redis).
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(service => service.ServiceType == typeof(NpgsqlDataSource)))
        {
            return services;
        }

        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set");
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<SchemaState>();
        services.AddHostedService<MigrationHostedService>();

        services.AddSingleton<IEventRepository, EventRepository>();
        services.AddSingleton<SoldSeatQueries>();
        services.AddSingleton<IOrderQueries, OrderQueries>();
        services.AddSingleton<OpsRecords>();
        services.AddSingleton<WaitingRoomStore>();
        services.AddSingleton<PaymentWebhookInbox>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
