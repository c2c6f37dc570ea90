using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Ticketing.Api.Features.Health;

/// <summary>Ready only when Redis answers a PING within a second.</summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var ping = redis.GetDatabase().PingAsync();
            if (await Task.WhenAny(ping, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken)).ConfigureAwait(false) != ping)
            {
                return HealthCheckResult.Unhealthy("redis did not answer PING within 1 s");
            }

            var latency = await ping.ConfigureAwait(false);
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:F1} ms");
        }
        catch (RedisException exception)
        {
            return HealthCheckResult.Unhealthy($"redis unreachable: {exception.Message}");
        }
    }
}
