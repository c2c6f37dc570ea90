using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ticketing.Api.Observability;

namespace Ticketing.Api.Features.Health;

/// <summary>
/// <c>/health/live</c>: the process serves HTTP. <c>/health/ready</c>: Redis and PostgreSQL answer
/// and the schema is migrated, so a load balancer may send traffic here. Probes are never rate limited,
/// and a healthy answer leaves no request line at the default level (<see cref="QuietRequestLog"/>).
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteAsync,
        }).WithName("HealthLive").DisableRateLimiting().WithMetadata(QuietRequestLog.Instance);

        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
        }).WithName("HealthReady").DisableRateLimiting().WithMetadata(QuietRequestLog.Instance);

        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString().ToLowerInvariant(), detail = entry.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
