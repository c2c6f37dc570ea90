using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Ticketing.Persistence.Migrations;

namespace Ticketing.Api.Features.Health;

/// <summary>Ready only when PostgreSQL accepts a query and every migration is applied.</summary>
public sealed class PostgresHealthCheck(MigrationRunner migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            return await migrations.IsUpToDateAsync(timeout.Token).ConfigureAwait(false)
                ? HealthCheckResult.Healthy("migrations applied")
                : HealthCheckResult.Unhealthy("migrations not applied yet");
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"postgres unreachable: {exception.Message}");
        }
    }
}
