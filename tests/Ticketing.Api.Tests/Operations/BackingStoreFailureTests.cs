using System.Net;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Operations;

public sealed class BackingStoreFailureTests
{
    [Fact]
    public async Task WhileRedisIsDownAHoldAnswers503ProblemWithoutAStackTraceAndWorksAgainAfter()
    {
        await using var redis = await RedisServer.StartAsync();
        var api = await ApiFixture.StartAsync(new Dictionary<string, string>(),
            redis.Configuration.Replace("syncTimeout=10000", "syncTimeout=2000", StringComparison.Ordinal));
        try
        {
            var eventId = await api.CreateEventAsync();

            redis.Kill();
            var down = await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1");

            down.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_unavailable");
            await redis.RestartAsync();
            await Eventually.HoldsAsync(async () => (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-2")).Status == HttpStatusCode.Created);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }
}
