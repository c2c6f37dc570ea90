using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Ticketing.Api.Tests.Support;
using Ticketing.Scripts;
using Ticketing.Scripts.Keys;

namespace Ticketing.Api.Tests.Events;

/// <summary>A read right after a change shows it: the seat views are cached only while the event's version is unchanged.</summary>
public sealed class ReadYourWritesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TheSeatMapAndTheStatusShowAHoldCommitAndReleaseAtOnce()
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
        Assert.Equal('a', await StatusLetterAsync(eventId, 0));

        var held = await api.HoldAsync(eventId, user, "FLOOR-A-1");
        Assert.Equal("held", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
        Assert.Equal('h', await StatusLetterAsync(eventId, 0));

        await api.PostAsync($"/api/v1/reservations/{held.String("reservation_id")}/commit", new { payment_token = "tok_visa", idempotency_key = "k" }, user);
        Assert.Equal("sold", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
        Assert.Equal('s', await StatusLetterAsync(eventId, 0));

        var released = await api.HoldAsync(eventId, user, "FLOOR-A-2");
        Assert.Equal('h', await StatusLetterAsync(eventId, 1));
        await api.SendAsync(HttpMethod.Delete, $"/api/v1/reservations/{released.String("reservation_id")}", user);
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-2"]);
        Assert.Equal('a', await StatusLetterAsync(eventId, 1));
    }

    [Fact]
    public async Task AReadAfterTheSweepEndsAHoldShowsTheSeatFree()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(holdTtlSeconds: 5));
        await api.HoldAsync(eventId, api.NewUser(), "FLOOR-B-3");
        var before = await api.GetAsync($"/api/v1/events/{eventId}/seat-status");
        Assert.Equal('h', before.String("status")[12]);

        var engine = api.Server.Services.GetRequiredService<IInventoryMaintenance>();
        await Ticketing.TestSupport.Eventually.HoldsAsync(async () => (await engine.ExpireDueAsync(eventId)).ExpiredHolds > 0,
            timeout: TimeSpan.FromSeconds(15), because: "the hold expires after 5 s and the sweep ends it");

        var after = await api.GetAsync($"/api/v1/events/{eventId}/seat-status");
        Assert.Equal('a', after.String("status")[12]);
        Assert.True(after.Body.GetProperty("version").GetInt64() > before.Body.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task TheStatusHasOneLetterPerSeatInLayoutOrderAndTheVersionAsETag()
    {
        var eventId = await api.CreateEventAsync();
        await api.HoldAsync(eventId, api.NewUser(), "FLOOR-B-10", "BALCONY-A-1");

        var status = await api.GetAsync($"/api/v1/events/{eventId}/seat-status");
        Assert.Equal(new string('a', 19) + "hh" + new string('a', 9), status.String("status"));
        Assert.Equal($"\"{status.Body.GetProperty("version").GetInt64()}\"", status.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await GetWithETagAsync($"/api/v1/events/{eventId}/seat-status", status.Headers.ETag)).StatusCode);

        await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-5");
        Assert.Equal(HttpStatusCode.OK, (await GetWithETagAsync($"/api/v1/events/{eventId}/seat-status", status.Headers.ETag)).StatusCode);
    }

    [Fact]
    public async Task AStatusReadAfterRedisLostTheEventLoadsItBackFromItsRecord()
    {
        var eventId = await api.CreateEventAsync();
        using (var redis = await ConnectionMultiplexer.ConnectAsync(
            api.Server.Services.GetRequiredService<IConfiguration>().GetConnectionString("Redis")!))
        {
            await redis.GetDatabase().KeyDeleteAsync(EventKeys.ScriptKeys(eventId));
        }

        var status = await api.GetAsync($"/api/v1/events/{eventId}/seat-status");

        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal(new string('a', 30), status.String("status"));
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1")).Status);
        Assert.Equal('h', await StatusLetterAsync(eventId, 0));
    }

    [Fact]
    public async Task TheLayoutIsCacheableAndRevalidatedWithAStrongETag()
    {
        var eventId = await api.CreateEventAsync();
        var layout = await api.GetAsync($"/api/v1/events/{eventId}/layout");

        Assert.Equal(HttpStatusCode.OK, layout.Status);
        Assert.False(layout.Headers.ETag!.IsWeak);
        // Prices of seats may change (PATCH prices), so caches keep the layout but ask first.
        Assert.True(layout.Headers.CacheControl is { Public: true, NoCache: true });
        Assert.Equal(30, layout.Body.GetProperty("total_seats").GetInt32());
        var sections = layout.Body.GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal(["FLOOR", "BALCONY"], sections.Select(section => section.GetProperty("id").GetString()));
        Assert.Equal(40.50m, sections[1].GetProperty("price").GetDecimal());
        Assert.Equal(10, sections[0].GetProperty("rows")[1].GetProperty("seats").GetInt32());

        await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1");
        Assert.Equal(HttpStatusCode.NotModified, (await GetWithETagAsync($"/api/v1/events/{eventId}/layout", layout.Headers.ETag)).StatusCode);
    }

    [Theory]
    [InlineData("layout")]
    [InlineData("seat-status")]
    [InlineData("seatmap")]
    public async Task AnUnknownEventAnswers404(string view)
    {
        (await api.GetAsync($"/api/v1/events/{Guid.NewGuid()}/{view}")).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
        (await api.GetAsync($"/api/v1/events/not-an-id/{view}")).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
    }

    private async Task<char> StatusLetterAsync(string eventId, int position) =>
        (await api.GetAsync($"/api/v1/events/{eventId}/seat-status")).String("status")[position];

    private async Task<HttpResponseMessage> GetWithETagAsync(string path, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.IfNoneMatch.Add(etag);
        return await api.Server.Client.SendAsync(request);
    }
}
