using System.Net;
using System.Net.Http.Headers;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Events;

/// <summary>The production seat-map cache: one snapshot serves an event's readers for a window.</summary>
public sealed class SeatMapCacheTests : IAsyncLifetime
{
    private ApiFixture? _api;

    private ApiFixture Api => _api!;

    public async Task InitializeAsync() =>
        _api = await ApiFixture.StartAsync(new Dictionary<string, string> { ["SeatMaps:CacheMilliseconds"] = "1500" });

    public Task DisposeAsync() => _api?.DisposeAsync() ?? Task.CompletedTask;

    [Fact]
    public async Task ReadersShareOneSnapshotUntilTheWindowPassesThenSeeTheChange()
    {
        var eventId = await Api.CreateEventAsync();
        var first = await Api.GetAsync($"/api/v1/events/{eventId}/seatmap");
        var version = first.Body.GetProperty("version").GetInt64();

        Assert.Equal(HttpStatusCode.Created, (await Api.HoldAsync(eventId, Api.NewUser(), "FLOOR-A-1")).Status);

        // Within the window the cached map answers, version and all.
        var cached = await Api.GetAsync($"/api/v1/events/{eventId}/seatmap");
        Assert.Equal(version, cached.Body.GetProperty("version").GetInt64());

        await Eventually.HoldsAsync(async () => (await Api.SeatStatusesAsync(eventId))["FLOOR-A-1"] == "held",
            because: "the map shows the hold once the window has passed");
    }

    [Fact]
    public async Task APollingClientWithTheVersionAsETagGets304UntilASeatChanges()
    {
        var eventId = await Api.CreateEventAsync();
        var first = await Api.GetAsync($"/api/v1/events/{eventId}/seatmap");
        var etag = first.Headers.ETag!;
        Assert.Equal($"\"{first.Body.GetProperty("version").GetInt64()}\"", etag.Tag);

        Assert.Equal(HttpStatusCode.NotModified, (await GetWithETagAsync(eventId, etag)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await Api.HoldAsync(eventId, Api.NewUser(), "FLOOR-A-2")).Status);
        await Eventually.HoldsAsync(async () => (await GetWithETagAsync(eventId, etag)).StatusCode == HttpStatusCode.OK,
            because: "a changed seat ends the 304s");
    }

    private async Task<HttpResponseMessage> GetWithETagAsync(string eventId, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/events/{eventId}/seatmap", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(etag);
        return await Api.Server.Client.SendAsync(request);
    }
}
