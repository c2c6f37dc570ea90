using System.Net;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Health;

public sealed class ReadinessTests
{
    [Fact]
    public async Task ReadyAnswers200WhenRedisAndPostgresAreUpAnd503WhenRedisIsKilled()
    {
        await using var redis = await RedisServer.StartAsync();
        var postgres = await (await PostgresServer.Shared).CreateDatabaseAsync("health");
        await using var api = await ApiServer.StartAsync(redis.Configuration, postgres);

        await Eventually.HoldsAsync(async () =>
            (await api.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK);

        redis.Kill();
        await Eventually.HoldsAsync(async () =>
            (await api.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.ServiceUnavailable);
        var live = await api.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        await redis.RestartAsync();
        await Eventually.HoldsAsync(async () =>
            (await api.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
    }
}
