using System.Net;
using System.Text.Json;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Operations;

public sealed class BackingStoreFailureTests
{
    [Fact]
    public async Task WhileRedisIsDownAHoldAnswers503ProblemWithoutAStackTraceAndWorksAgainAfter()
    {
        using var log = new ApiLogFile();
        await using var redis = await RedisServer.StartAsync();
        var api = await ApiFixture.StartAsync(log.Settings(), redis.Configuration.Replace("syncTimeout=10000", "syncTimeout=2000", StringComparison.Ordinal));
        try
        {
            var eventId = await api.CreateEventAsync();

            redis.Kill();
            var down = await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1");

            down.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_unavailable");
            // The operator's log names the condition on one warning line, with no stack trace.
            JsonElement? warning = null;
            await Eventually.HoldsAsync(async () =>
            {
                warning = (await log.LinesAsync())
                    .Cast<JsonElement?>()
                    .FirstOrDefault(line => line!.Value.TryGetProperty("@mt", out var template)
                        && template.GetString()!.StartsWith("Backing store unavailable", StringComparison.Ordinal));
                return warning is not null;
            });
            Assert.Equal("Warning", warning!.Value.GetProperty("@l").GetString());
            Assert.False(warning.Value.TryGetProperty("@x", out _));
            Assert.StartsWith("Redis", warning.Value.GetProperty("Reason").GetString(), StringComparison.Ordinal);

            await redis.RestartAsync();
            await Eventually.HoldsAsync(async () => (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-2")).Status == HttpStatusCode.Created);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }
}
