using System.Globalization;
using System.Net;
using StackExchange.Redis;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.WaitingRoom;

/// <summary>
/// A waiting fan's poll is answered from the Api's memory: polls cost Redis nothing, counted with
/// <c>INFO commandstats</c> on a Redis of the test's own (nothing else talks to it).
/// </summary>
public sealed class PollCostTests
{
    private const int Polls = 400;

    [Fact]
    public async Task PollsOfWaitingFansSendNoCommandToRedis()
    {
        await using var redis = await RedisServer.StartAsync(appendFsync: "no");
        await using var api = await ApiFixture.StartAsync(new Dictionary<string, string>
        {
            // Slow background reads, so that what is counted below is the polls' own cost.
            ["WaitingRoom:RefreshMilliseconds"] = "10000",
            ["WaitingRoom:DirectoryRefreshMilliseconds"] = "60000",
            ["WaitingRoom:PresenceFlushMilliseconds"] = "60000",
        }, redis.Configuration);
        var eventId = await api.CreateEventBehindRoomAsync();
        var queueToken = (await api.JoinAsync(eventId, api.NewUser())).String("queue_token");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var server = admin.GetServers()[0];

        var before = await CommandsAsync(server);
        for (var i = 0; i < Polls; i++)
        {
            var poll = await api.PollAsync(eventId, queueToken);
            Assert.Equal(HttpStatusCode.OK, poll.Status);
            Assert.Equal("waiting", poll.String("status"));
        }

        var sent = await CommandsAsync(server) - before;

        // The Api's own background work (outbox reads, health checks) goes on meanwhile: some
        // commands a second, however slow the machine, where a read per poll would be 400.
        Assert.True(sent < Polls / 4, $"{sent} Redis commands for {Polls} polls");
    }

    /// <summary>Commands the server has run since it started (the INFO call itself included).</summary>
    private static async Task<long> CommandsAsync(IServer server)
    {
        var stats = await server.InfoAsync("commandstats");
        return stats.SelectMany(group => group)
            .Where(pair => pair.Key.StartsWith("cmdstat_", StringComparison.Ordinal))
            .Sum(pair => long.Parse(pair.Value.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture));
    }
}
