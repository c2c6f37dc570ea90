using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ticketing.Api.Observability;

/// <summary>Hands each periodic run of the readiness checks (Redis, PostgreSQL) to the health gauge in <see cref="ApiMetrics"/>.</summary>
public sealed class HealthMetricsPublisher(ApiMetrics metrics) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        metrics.Health(report.Entries.ToDictionary(entry => entry.Key, entry => entry.Value.Status == HealthStatus.Healthy));
        return Task.CompletedTask;
    }
}
