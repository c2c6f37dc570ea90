using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Auth;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Support;

/// <summary>
/// One Api per test class (shared Redis, the class's own PostgreSQL database). Tests stay
/// independent by making their own events and users.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private readonly IDictionary<string, string> _settings;
    private readonly string? _redis;
    private readonly PostgresServer? _postgres;
    private readonly Action<IServiceCollection>? _replaceServices;
    private ApiServer? _server;

    public ApiFixture()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="settings">Settings on top of <see cref="ApiServer.Defaults"/>.</param>
    /// <param name="redis">A Redis of the test's own (one it kills, say) instead of the shared one.</param>
    /// <param name="postgres">A PostgreSQL server of the test's own instead of the shared one.</param>
    /// <param name="replaceServices">Registrations that replace the Api's own (a <c>FakeTimeProvider</c>, say).</param>
    protected ApiFixture(IDictionary<string, string> settings, string? redis = null, PostgresServer? postgres = null, Action<IServiceCollection>? replaceServices = null)
    {
        _settings = settings;
        _redis = redis;
        _postgres = postgres;
        _replaceServices = replaceServices;
    }

    public ApiServer Server => _server ?? throw new InvalidOperationException("the fixture has not started");

    /// <summary>A started Api of the test's own, for settings no other test shares; the caller disposes it.</summary>
    public static async Task<ApiFixture> StartAsync(IDictionary<string, string> settings, string? redis = null, PostgresServer? postgres = null,
        Action<IServiceCollection>? replaceServices = null)
    {
        var fixture = new ApiFixture(settings, redis, postgres, replaceServices);
        await fixture.InitializeAsync();
        return fixture;
    }

    public async Task InitializeAsync()
    {
        var redis = _redis ?? (await RedisServer.Shared).Configuration;
        var postgres = await (_postgres ?? await PostgresServer.Shared).CreateDatabaseAsync("api");
        _server = await ApiServer.StartAsync(redis, postgres, _settings, _replaceServices);
        // Migrations run in the background at start; tests begin once the Api says it is ready.
        await Eventually.HoldsAsync(async () =>
            (await _server.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == System.Net.HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A fresh user with a token signed by the server's key.</summary>
    public TestUser NewUser(string role = ApiClaims.CustomerRole)
    {
        var id = $"{role}-{Guid.NewGuid():N}"[..24];
        var token = Server.Services.GetRequiredService<TokenIssuer>().Issue(id, role, TimeSpan.FromHours(1));
        return new TestUser(id, token);
    }

    public Task<ApiResponse> GetAsync(string path, TestUser? user = null) => SendAsync(HttpMethod.Get, path, user);

    public Task<ApiResponse> PostAsync(string path, object? body, TestUser? user = null) => SendAsync(HttpMethod.Post, path, user, body);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, TestUser? user, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        }

        if (body is not null)
        {
            var json = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var parsed = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiResponse(response.StatusCode, parsed, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Creates an event through the admin route; seats are SECTION-ROW-NUMBER as <see cref="TestLayouts"/> describes.</summary>
    public async Task<string> CreateEventAsync(object? body = null)
    {
        var created = await PostAsync("/api/v1/events", body ?? TestLayouts.Small(), NewUser(ApiClaims.AdminRole));
        Assert.True(created.Status == System.Net.HttpStatusCode.Created, $"{created.Status}: {created.Body}");
        return created.String("id");
    }

    /// <summary>The seat map as seat id → status.</summary>
    public async Task<Dictionary<string, string>> SeatStatusesAsync(string eventId)
    {
        var map = await GetAsync($"/api/v1/events/{eventId}/seatmap");
        return map.Body.GetProperty("sections").EnumerateArray()
            .SelectMany(section => section.GetProperty("rows").EnumerateArray())
            .SelectMany(row => row.GetProperty("seats").EnumerateArray())
            .ToDictionary(seat => seat.GetProperty("id").GetString()!, seat => seat.GetProperty("status").GetString()!);
    }

    public Task<ApiResponse> HoldAsync(string eventId, TestUser user, params string[] seatIds) =>
        PostAsync($"/api/v1/events/{eventId}/reservations", new { client_reservation_id = Guid.NewGuid(), seat_ids = seatIds }, user);
}

public sealed record TestUser(string Id, string Token);
