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
        var logFile = Path.Combine(Path.GetTempPath(), $"ticketing-log-{Guid.NewGuid():N}.json");
        await using var redis = await RedisServer.StartAsync();
        var api = await ApiFixture.StartAsync(new Dictionary<string, string>
        {
            ["Serilog:Using:2"] = "Serilog.Sinks.File",
            ["Serilog:WriteTo:1:Name"] = "File",
            ["Serilog:WriteTo:1:Args:path"] = logFile,
            ["Serilog:WriteTo:1:Args:formatter"] = "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact",
        }, redis.Configuration.Replace("syncTimeout=10000", "syncTimeout=2000", StringComparison.Ordinal));
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
                warning = (await ReadAsync(logFile)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(line => JsonDocument.Parse(line).RootElement.Clone())
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
            File.Delete(logFile);
        }
    }

    private static async Task<string> ReadAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        return await reader.ReadToEndAsync();
    }
}
