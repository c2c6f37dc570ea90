using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Pages;

/// <summary>The seat-map page follows the live feed: no polling, and it resumes after the Api restarts.</summary>
public sealed class LiveSeatMapPageTests(ApiFixture api, Chromium chromium) : IClassFixture<ApiFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task AnotherBuyersHoldAppearsWithinASecondWithoutPolling()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(title: $"Feed Night {Guid.NewGuid():N}"[..20]));
        var page = await chromium.NewVisitorAsync(api.Server.BaseAddress);
        await page.GotoAsync($"/?event={eventId}");
        await Assertions.Expect(page.Locator("#live")).ToContainTextAsync("live");
        await Assertions.Expect(page.Locator("[data-seat='FLOOR-B-7']")).ToHaveClassAsync("seat available");

        var reads = new List<string>();
        page.Request += (_, request) => reads.Add(request.Url);
        Assert.Equal(System.Net.HttpStatusCode.Created, (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-B-7")).Status);

        await Assertions.Expect(page.Locator("[data-seat='FLOOR-B-7']")).ToHaveClassAsync("seat held", new() { Timeout = 1_000 });
        Assert.DoesNotContain(reads, url => url.Contains("/seatmap", StringComparison.Ordinal) || url.Contains("/seat-status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AScheduledSaleCountsDownAndABlockShowsLive()
    {
        var body = TestLayouts.Small(title: $"Soon Night {Guid.NewGuid():N}"[..20]);
        body["status"] = "scheduled";
        body["opens_at"] = DateTimeOffset.UtcNow.AddHours(2).ToString("O");
        var eventId = await api.CreateEventAsync(body);
        var page = await chromium.NewVisitorAsync(api.Server.BaseAddress);
        await page.GotoAsync($"/?event={eventId}");
        await Assertions.Expect(page.Locator("#live")).ToContainTextAsync("live");
        await Assertions.Expect(page.Locator("#sale")).ToContainTextAsync("Sale opens in 1:59:");

        var blocked = await api.PostAsync($"/api/v1/events/{eventId}/seat-blocks", new { seat_ids = new[] { "FLOOR-A-3" } }, api.NewUser(Ticketing.Api.Auth.ApiClaims.AdminRole));
        Assert.Equal(System.Net.HttpStatusCode.Created, blocked.Status);

        await Assertions.Expect(page.Locator("[data-seat='FLOOR-A-3']")).ToHaveClassAsync("seat blocked", new() { Timeout = 1_000 });
        await Assertions.Expect(page.Locator("#availability")).ToContainTextAsync("1 blocked");
    }

    [Fact]
    public async Task ThePageReconnectsAndResumesAfterTheApiRestarts()
    {
        var redis = (await RedisServer.Shared).Configuration;
        var postgres = await (await PostgresServer.Shared).CreateDatabaseAsync("api");
        var settings = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Auth:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        var first = await StartAsync(redis, postgres, settings);
        var eventId = await CreateEventAsync(first);
        var page = await chromium.NewVisitorAsync(first.BaseAddress);
        await page.GotoAsync($"/?event={eventId}");
        await Assertions.Expect(page.Locator("#live")).ToContainTextAsync("live");
        await Assertions.Expect(page.Locator("[data-seat='FLOOR-A-3']")).ToHaveClassAsync("seat available");

        await first.DisposeAsync();
        await Assertions.Expect(page.Locator("#live")).ToContainTextAsync("reconnecting");

        await using var second = await StartAsync(redis, postgres, settings);
        await HoldAsync(second, eventId, "FLOOR-A-3");

        await Assertions.Expect(page.Locator("#live")).ToContainTextAsync("live");
        await Assertions.Expect(page.Locator("[data-seat='FLOOR-A-3']")).ToHaveClassAsync("seat held");
        await HoldAsync(second, eventId, "FLOOR-A-4");
        await Assertions.Expect(page.Locator("[data-seat='FLOOR-A-4']")).ToHaveClassAsync("seat held");
    }

    private static async Task<ApiServer> StartAsync(string redis, string postgres, Dictionary<string, string> settings)
    {
        var server = await ApiServer.StartAsync(redis, postgres, settings);
        await Eventually.HoldsAsync(async () =>
            (await server.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == System.Net.HttpStatusCode.OK);
        return server;
    }

    private static async Task<string> TokenAsync(ApiServer server, string role)
    {
        using var answer = await server.Client.PostAsJsonAsync("/api/v1/auth/dev-token", new { user_id = $"u-{Guid.NewGuid():N}"[..12], role });
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static async Task<string> CreateEventAsync(ApiServer server)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = JsonContent.Create(TestLayouts.Small()) };
        request.Headers.Authorization = new("Bearer", await TokenAsync(server, "admin"));
        using var answer = await server.Client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task HoldAsync(ApiServer server, string eventId, string seatId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/reservations")
        {
            Content = JsonContent.Create(new { client_reservation_id = Guid.NewGuid(), seat_ids = new[] { seatId } }),
        };
        request.Headers.Authorization = new("Bearer", await TokenAsync(server, "customer"));
        using var answer = await server.Client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, answer.StatusCode);
    }
}
