using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Ticketing.Api.Features.SeatFeeds;
using Ticketing.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.SeatFeeds;

/// <summary>Both feeds as clients see them: a snapshot first, every change once in version order, resume, limits.</summary>
public sealed class SeatFeedTests(FeedsFixture api) : IClassFixture<FeedsFixture>
{
    public static TheoryData<string> Transports => new() { "sse", "ws" };

    private Task<FeedClient> OpenAsync(string transport, string eventId, long? since = null, string? snapshot = null) => transport == "sse"
        ? SseFeedClient.OpenAsync(api.Server.BaseAddress, eventId, since?.ToString(System.Globalization.CultureInfo.InvariantCulture), snapshot).ContinueWith(t => (FeedClient)t.Result, TaskScheduler.Default)
        : WebSocketFeedClient.OpenAsync(api.Server.BaseAddress, eventId, since, snapshot).ContinueWith(t => (FeedClient)t.Result, TaskScheduler.Default);

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ASnapshotComesFirstThenEveryChangeInVersionOrder(string transport)
    {
        var eventId = await api.CreateEventAsync();
        await api.HoldAsync(eventId, "FLOOR-A-1");
        await using var feed = await OpenAsync(transport, eventId);

        var snapshot = await feed.NextAsync();
        Assert.Equal("snapshot", snapshot.Type);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal("held", snapshot.Body.GetProperty("sections")[0].GetProperty("rows")[0].GetProperty("seats")[0].GetProperty("status").GetString());

        var hold = await api.HoldAsync(eventId, "FLOOR-A-2");
        await api.ReleaseAsync(hold);
        await api.HoldAsync(eventId, "BALCONY-A-3");

        var seen = new[] { await feed.NextAsync(), await feed.NextAsync(), await feed.NextAsync() };
        Assert.All(seen, message => Assert.Equal("seats", message.Type));
        Assert.Equal([2L, 3L, 4L], seen.Select(message => message.Version));
        Assert.Equal([("FLOOR-A-2", "held")], seen[0].Changes);
        Assert.Equal([("FLOOR-A-2", "available")], seen[1].Changes);
        Assert.Equal([("BALCONY-A-3", "held")], seen[2].Changes);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task AResumedFeedGetsWhatItMissedWithNothingLostOrDoubled(string transport)
    {
        var eventId = await api.CreateEventAsync();
        long last;
        await using (var feed = await OpenAsync(transport, eventId))
        {
            Assert.Equal("snapshot", (await feed.NextAsync()).Type);
            await api.HoldAsync(eventId, "FLOOR-A-1");
            last = (await feed.NextAsync()).Version;
        }

        await api.HoldAsync(eventId, "FLOOR-A-2");
        await api.HoldAsync(eventId, "FLOOR-A-3");

        await using var resumed = await OpenAsync(transport, eventId, since: last);
        var missed = new[] { await resumed.NextAsync(), await resumed.NextAsync() };
        await api.HoldAsync(eventId, "FLOOR-A-4");
        var live = await resumed.NextAsync();

        Assert.Equal([2L, 3L, 4L], new[] { missed[0], missed[1], live }.Select(message => message.Version));
        Assert.All(new[] { missed[0], missed[1], live }, message => Assert.Equal("seats", message.Type));
        Assert.Equal(["FLOOR-A-2", "FLOOR-A-3", "FLOOR-A-4"], new[] { missed[0], missed[1], live }.Select(message => message.Changes.Single().SeatId));
        // Had anything arrived twice, it would come before this change.
        await api.HoldAsync(eventId, "FLOOR-A-5");
        Assert.Equal(5L, (await resumed.NextAsync()).Version);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task AResumePointTooFarBehindOrAheadGetsAFreshSnapshot(string transport)
    {
        var eventId = await api.CreateEventAsync();
        for (var i = 0; i < 30; i++)
        {
            await api.ReleaseAsync(await api.HoldAsync(eventId, "FLOOR-B-1"));
        }

        // 60 changes behind, the fixture's catch-up window is 50.
        await using (var behind = await OpenAsync(transport, eventId, since: 0))
        {
            var snapshot = await behind.NextAsync();
            Assert.Equal(("snapshot", 60L), (snapshot.Type, snapshot.Version));
        }

        // Ahead of the event: a client of a copy reloaded since (versions start again).
        await using var ahead = await OpenAsync(transport, eventId, since: 1_000);
        var fresh = await ahead.NextAsync();
        Assert.Equal(("snapshot", 60L), (fresh.Type, fresh.Version));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task AClientThatHoldsTheLayoutIsSentTheCompactStatusAsItsSnapshots(string transport)
    {
        var eventId = await api.CreateEventAsync();
        await api.HoldAsync(eventId, "FLOOR-A-2");
        var status = await api.GetAsync($"/api/v1/events/{eventId}/seat-status");

        await using (var fresh = await OpenAsync(transport, eventId, snapshot: "status"))
        {
            var snapshot = await fresh.NextAsync();
            Assert.Equal(("snapshot", 1L), (snapshot.Type, snapshot.Version));
            // The seat-status body as GET /seat-status serves it: the second seat of the first row is held.
            Assert.Equal(status.String("status"), snapshot.Body.GetProperty("status").GetString());
            Assert.Equal(status.String("event_id"), snapshot.Body.GetProperty("event_id").GetString());
            Assert.StartsWith("ah", snapshot.Body.GetProperty("status").GetString(), StringComparison.Ordinal);
            Assert.False(snapshot.Body.TryGetProperty("sections", out _));

            await api.HoldAsync(eventId, "FLOOR-A-3");
            var change = await fresh.NextAsync();
            Assert.Equal(("seats", 2L), (change.Type, change.Version));
        }

        // A resync keeps the choice: a resume point ahead of the event gets the status too.
        await using var ahead = await OpenAsync(transport, eventId, since: 1_000, snapshot: "status");
        var resync = await ahead.NextAsync();
        Assert.Equal(("snapshot", 2L), (resync.Type, resync.Version));
        Assert.StartsWith("ahh", resync.Body.GetProperty("status").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientThatStopsReadingIsSentAFreshSnapshotWhenItResumesWhileAFastClientGetsEveryChangeAsItHappens()
    {
        // An Api of its own with the smallest buffer (8 messages), and an 80,000-seat event whose
        // ~4 MB snapshot is more than the loopback socket's buffers (about 1.7 MB here) and
        // Kestrel's take from a client that does not read: the connection's writer waits.
        var own = await ApiFixture.StartAsync(new Dictionary<string, string> { ["SeatFeeds:BufferMessages"] = "8" });
        try
        {
            var layout = TestLayouts.Small();
            layout["sections"] = Enumerable.Range(0, 8).Select(s => new
            {
                id = $"S{s}", name = $"Section {s}", price = 50m,
                rows = Enumerable.Range(1, 100).Select(r => new { id = $"R{r}", seats = 100 }).ToArray(),
            }).ToArray();
            var eventId = await own.CreateEventAsync(layout);
            var hub = own.Server.Services.GetRequiredService<SeatFeedHub>();
            await using var fast = await SseFeedClient.OpenAsync(own.Server.BaseAddress, eventId);
            Assert.Equal("snapshot", (await fast.NextAsync()).Type);
            await using var stalled = await StalledSseClient.OpenAsync(own.Server.BaseAddress, eventId);
            await Eventually.HoldsAsync(() => hub.Watchers(eventId) == 2, because: "the stalled client has joined");

            // Each change reaches the fast client before the next is made: the stalled one delays nothing.
            const int Changes = 40;
            for (var version = 1; version <= Changes; version++)
            {
                Assert.Equal(HttpStatusCode.Created, (await own.HoldAsync(eventId, own.NewUser(), $"S0-R1-{version}")).Status);
                var message = await fast.NextAsync();
                Assert.Equal(("seats", (long)version), (message.Type, message.Version));
            }

            // Reading again, the stalled client gets its first snapshot, then (its buffer having
            // overflowed) a fresh one at the version of the moment instead of the backlog, then
            // the changes after it in order.
            stalled.Resume();
            Assert.Equal(("snapshot", 0L), await stalled.NextAsync());
            Assert.Equal(("snapshot", (long)Changes), await stalled.NextAsync());
            Assert.Equal(HttpStatusCode.Created, (await own.HoldAsync(eventId, own.NewUser(), "S0-R2-1")).Status);
            Assert.Equal(("seats", Changes + 1L), await stalled.NextAsync());
            var latest = await fast.NextAsync();
            Assert.Equal(("seats", Changes + 1L), (latest.Type, latest.Version));
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task HeartbeatsKeepAnIdleFeedAliveWhenTheirPeriodPasses()
    {
        // An Api of its own whose clock the test moves: the hub's heartbeat timer runs on it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var own = await ApiFixture.StartAsync(new Dictionary<string, string> { ["SeatFeeds:HeartbeatSeconds"] = "15" },
            replaceServices: services => services.AddSingleton<TimeProvider>(clock));
        try
        {
            var eventId = await own.CreateEventAsync();
            await using var sse = await SseFeedClient.OpenAsync(own.Server.BaseAddress, eventId);
            await using var ws = await WebSocketFeedClient.OpenAsync(own.Server.BaseAddress, eventId);
            // Both have joined once their snapshot came; a change that reaches both shows their streams flow.
            Assert.Equal("snapshot", (await sse.NextAsync()).Type);
            Assert.Equal("snapshot", (await ws.NextAsync()).Type);
            await own.HoldAsync(eventId, own.NewUser(), "FLOOR-A-1");
            Assert.Equal(1L, (await sse.NextAsync()).Version);
            Assert.Equal(1L, (await ws.NextAsync()).Version);
            Assert.Equal((0, 0), (sse.Heartbeats, ws.Heartbeats));

            clock.Advance(TimeSpan.FromSeconds(14));
            await own.HoldAsync(eventId, own.NewUser(), "FLOOR-A-2");
            Assert.Equal(2L, (await sse.NextAsync()).Version);
            Assert.Equal(2L, (await ws.NextAsync()).Version);
            Assert.Equal((0, 0), (sse.Heartbeats, ws.Heartbeats));

            clock.Advance(TimeSpan.FromSeconds(1));
            await Eventually.HoldsAsync(() => sse.Heartbeats == 1 && ws.Heartbeats == 1, because: "15 s passed on the hub's clock");
            clock.Advance(TimeSpan.FromSeconds(15));
            await Eventually.HoldsAsync(() => sse.Heartbeats == 2 && ws.Heartbeats == 2, because: "another period passed");
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task OneUserMayOpenOnlyAsManyFeedsAsTheLimitAllows()
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/seats/stream");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
                open.Add(await api.Server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead));
            }

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], open.Select(response => response.StatusCode));
            Assert.NotNull(open[2].Headers.RetryAfter);
        }
        finally
        {
            open.ForEach(response => response.Dispose());
        }

        // Closing a feed frees its place.
        await Eventually.HoldsAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/seats/stream");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
            using var response = await api.Server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return response.StatusCode == HttpStatusCode.OK;
        });
    }

    [Fact]
    public async Task OneRedisSubscriptionServesEveryWatcherOfAnEventAndEndsWithTheLast()
    {
        var eventId = await api.CreateEventAsync();
        var hub = api.Server.Services.GetRequiredService<SeatFeedHub>();
        var feeds = new List<FeedClient>();
        for (var i = 0; i < 5; i++)
        {
            feeds.Add(await SseFeedClient.OpenAsync(api.Server.BaseAddress, eventId));
            feeds.Add(await WebSocketFeedClient.OpenAsync(api.Server.BaseAddress, eventId));
        }

        await Eventually.HoldsAsync(() => hub.Watchers(eventId) == 10);
        Assert.Equal(1, await RedisSubscriptionsAsync(eventId));

        foreach (var feed in feeds)
        {
            await feed.DisposeAsync();
        }

        await Eventually.HoldsAsync(async () => hub.Watchers(eventId) == 0 && await RedisSubscriptionsAsync(eventId) == 0,
            because: "the last watcher's leaving ends the subscription");
    }

    [Theory]
    [InlineData("/api/v1/events/{0}/seats/stream?since=abc", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("/ws/events/{0}/seats", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("/api/v1/events/{0}/seats/stream?snapshot=layout", HttpStatusCode.BadRequest, "invalid_request")]
    public async Task BadInputIsAProblemNotAnError(string path, HttpStatusCode status, string error)
    {
        var eventId = await api.CreateEventAsync();
        (await api.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, eventId))).AssertProblem(status, error);
    }

    [Fact]
    public async Task AnUnknownEventHasNoFeed()
    {
        (await api.GetAsync($"/api/v1/events/{Guid.NewGuid()}/seats/stream")).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
    }

    private async Task<long> RedisSubscriptionsAsync(string eventId)
    {
        var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync((await RedisServer.Shared).Configuration);
        await using (redis)
        {
            var result = await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", Ticketing.Scripts.Keys.EventKeys.Changes(eventId));
            return (long)((StackExchange.Redis.RedisResult[])result!)[1];
        }
    }
}
