using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;
using Ticketing.Scripts.Keys;

namespace Ticketing.Api.Tests.Events;

public sealed class SeatPricesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task RepricingAvailableSeatsChangesTheNextHoldTheSeatMapAndTheLayout()
    {
        var eventId = await api.CreateEventAsync();
        var (_, before) = await LayoutAsync(api.Server.Client, eventId);
        Assert.Equal(HttpStatusCode.NotModified, await RevalidateAsync(eventId, before));

        var repriced = await RepriceAsync(eventId, new { seat_ids = new[] { "FLOOR-A-1", "FLOOR-A-2" }, price = 59.00m });

        Assert.Equal(HttpStatusCode.OK, repriced.Status);
        var hold = await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1", "FLOOR-A-3");
        Assert.Equal(HttpStatusCode.Created, hold.Status);
        Assert.Equal(159.00m, hold.Body.GetProperty("total_price").GetDecimal());
        Assert.Equal([59.00m, 100.00m], hold.Body.GetProperty("seats").EnumerateArray().Select(seat => seat.GetProperty("price").GetDecimal()));
        var prices = await SeatMapPricesAsync(api.Server.Client, eventId);
        Assert.Equal((59.00m, 59.00m, 100.00m), (prices["FLOOR-A-1"], prices["FLOOR-A-2"], prices["FLOOR-A-3"]));
        Assert.Equal(40.50m, prices["BALCONY-A-1"]);

        // The layout is cached by clients but revalidated: the old ETag no longer matches.
        Assert.Equal(HttpStatusCode.OK, await RevalidateAsync(eventId, before));
        var (layout, after) = await LayoutAsync(api.Server.Client, eventId);
        Assert.NotEqual(before.Tag, after.Tag);
        Assert.Equal(59.00m, layout.GetProperty("seat_prices").GetProperty("FLOOR-A-2").GetDecimal());
        Assert.Equal(100.00m, layout.GetProperty("sections")[0].GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task RepricingAHeldSeatAnswers409WithTheSeatsAndChangesNoPrice()
    {
        var eventId = await api.CreateEventAsync();
        var held = await api.HoldAsync(eventId, api.NewUser(), "FLOOR-B-5");
        Assert.Equal(HttpStatusCode.Created, held.Status);

        var refused = await RepriceAsync(eventId,
            new { seat_ids = new[] { "FLOOR-B-6" }, price = 1m }, new { seat_ids = new[] { "FLOOR-B-5" }, price = 2m });

        refused.AssertProblem(HttpStatusCode.Conflict, "seat_unavailable");
        Assert.Equal(["FLOOR-B-5"], refused.Strings("unavailable_seats"));
        Assert.Equal(100.00m, (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-B-6")).Body.GetProperty("total_price").GetDecimal());
        Assert.All((await SeatMapPricesAsync(api.Server.Client, eventId)).Where(seat => seat.Key.StartsWith("FLOOR", StringComparison.Ordinal)),
            seat => Assert.Equal(100.00m, seat.Value));
    }

    [Fact]
    public async Task AHoldMadeBeforeARepriceIsPaidAtThePricesItWasMadeAt()
    {
        var eventId = await api.CreateEventAsync();
        Assert.Equal(HttpStatusCode.OK, (await RepriceAsync(eventId, new { seat_ids = new[] { "FLOOR-A-1" }, price = 59.00m })).Status);
        var user = api.NewUser();
        var held = await api.HoldAsync(eventId, user, "FLOOR-A-1", "FLOOR-A-2");
        var id = held.String("reservation_id");
        // The section's other seats move on; the held ones cannot.
        Assert.Equal(HttpStatusCode.OK, (await RepriceAsync(eventId, new { seat_ids = new[] { "FLOOR-A-3" }, price = 1.00m })).Status);
        (await RepriceAsync(eventId, new { seat_ids = new[] { "FLOOR-A-1" }, price = 100.00m })).AssertProblem(HttpStatusCode.Conflict, "seat_unavailable");

        Assert.Equal(159.00m, (await api.GetAsync($"/api/v1/reservations/{id}", user)).Body.GetProperty("total_price").GetDecimal());
        var order = await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = "pay-1" }, user);

        Assert.Equal(HttpStatusCode.OK, order.Status);
        Assert.Equal(159.00m, order.Body.GetProperty("total_amount").GetDecimal());
        Assert.Equal(2, order.Body.GetProperty("tickets").GetArrayLength());
    }

    [Fact]
    public async Task BadPriceChangesAnswer4xxProblemsAndChangeNothing()
    {
        var eventId = await api.CreateEventAsync();
        var admin = api.NewUser(ApiClaims.AdminRole);

        (await RepriceAsync(eventId, new { seat_ids = new[] { "FLOOR-A-1" }, price = -1m })).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await RepriceAsync(eventId, new { seat_ids = new[] { "FLOOR-A-1" }, price = 1_000_000.01m })).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await RepriceAsync(eventId, new { seat_ids = new[] { "FLOOR-A-1" }, price = 1.001m })).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await RepriceAsync(eventId, new { seat_ids = Array.Empty<string>(), price = 1m })).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await RepriceAsync(eventId, new { seat_ids = new[] { "FLOOR-A-1" } })).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await RepriceAsync(eventId)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await api.SendAsync(HttpMethod.Patch, $"/api/v1/events/{eventId}", admin, new { title = "New", prices = new[] { new { seat_ids = new[] { "FLOOR-A-1" }, price = 1m } } }))
            .AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await RepriceAsync(eventId, new { seat_ids = new[] { "FLOOR-Z-1" }, price = 1m })).AssertProblem(HttpStatusCode.UnprocessableEntity, "unknown_seats");
        (await RepriceAsync(eventId, new { seat_ids = new[] { "FLOOR-A-1" }, price = 1m }, new { seat_ids = new[] { "FLOOR-A-1" }, price = 2m }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "duplicate_seats");
        (await RepriceAsync(Guid.NewGuid().ToString(), new { seat_ids = new[] { "FLOOR-A-1" }, price = 1m })).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
        (await api.SendAsync(HttpMethod.Patch, $"/api/v1/events/{eventId}", api.NewUser(), new { prices = new[] { new { seat_ids = new[] { "FLOOR-A-1" }, price = 1m } } }))
            .AssertProblem(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal("Test Night", (await api.GetAsync($"/api/v1/events/{eventId}")).String("title"));
        Assert.All((await SeatMapPricesAsync(api.Server.Client, eventId)).Where(seat => seat.Key.StartsWith("FLOOR", StringComparison.Ordinal)),
            seat => Assert.Equal(100.00m, seat.Value));
    }

    [Fact]
    public async Task NewPricesSurviveAReloadOfTheEventFromPostgreSQL()
    {
        var eventId = await api.CreateEventAsync();
        Assert.Equal(HttpStatusCode.OK, (await RepriceAsync(eventId, new { seat_ids = new[] { "BALCONY-A-2" }, price = 12.34m })).Status);
        Assert.Equal(HttpStatusCode.OK, (await RepriceAsync(eventId, new { seat_ids = new[] { "BALCONY-A-2", "BALCONY-A-3" }, price = 20m })).Status);

        // Redis loses the event's keys: the next read loads it back from PostgreSQL.
        using (var redis = await ConnectionMultiplexer.ConnectAsync(Configuration("Redis")))
        {
            await redis.GetDatabase().KeyDeleteAsync(EventKeys.ScriptKeys(eventId));
        }

        var prices = await SeatMapPricesAsync(api.Server.Client, eventId);
        Assert.Equal((40.50m, 20m, 20m), (prices["BALCONY-A-1"], prices["BALCONY-A-2"], prices["BALCONY-A-3"]));
        Assert.Equal(60.50m, (await api.HoldAsync(eventId, api.NewUser(), "BALCONY-A-1", "BALCONY-A-2")).Body.GetProperty("total_price").GetDecimal());
    }

    [Fact]
    public async Task ASecondApiProcessShowsAndChargesTheNewPriceWithoutRestart()
    {
        var eventId = await api.CreateEventAsync();
        await using var second = await ApiServer.StartAsync(Configuration("Redis"), Configuration("Postgres"));
        // The second process has the event's layout and seat map cached before the change.
        Assert.Equal(100.00m, (await SeatMapPricesAsync(second.Client, eventId))["FLOOR-B-1"]);
        var (cached, _) = await LayoutAsync(second.Client, eventId);
        Assert.False(cached.TryGetProperty("seat_prices", out _));

        Assert.Equal(HttpStatusCode.OK, (await RepriceAsync(eventId, new { seat_ids = new[] { "FLOOR-B-1" }, price = 75m })).Status);

        Assert.Equal(75m, (await SeatMapPricesAsync(second.Client, eventId))["FLOOR-B-1"]);
        var (layout, _) = await LayoutAsync(second.Client, eventId);
        Assert.Equal(75m, layout.GetProperty("seat_prices").GetProperty("FLOOR-B-1").GetDecimal());
        var buyer = second.Services.GetRequiredService<TokenIssuer>().Issue("second-buyer", ApiClaims.CustomerRole, TimeSpan.FromHours(1));
        using var hold = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/reservations")
        {
            Content = JsonContent(new { client_reservation_id = Guid.NewGuid(), seat_ids = new[] { "FLOOR-B-1" } }),
        };
        hold.Headers.Authorization = new AuthenticationHeaderValue("Bearer", buyer);
        using var held = await second.Client.SendAsync(hold);
        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        Assert.Equal(75m, JsonDocument.Parse(await held.Content.ReadAsStringAsync()).RootElement.GetProperty("total_price").GetDecimal());
    }

    private async Task<HttpStatusCode> RevalidateAsync(string eventId, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/layout");
        request.Headers.IfNoneMatch.Add(etag);
        using var response = await api.Server.Client.SendAsync(request);
        return response.StatusCode;
    }

    private string Configuration(string name) =>
        api.Server.Services.GetRequiredService<IConfiguration>().GetConnectionString(name)!;

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private Task<ApiResponse> RepriceAsync(string eventId, params object[] changes) =>
        api.SendAsync(HttpMethod.Patch, $"/api/v1/events/{eventId}", api.NewUser(ApiClaims.AdminRole), new { prices = changes });

    private static async Task<(JsonElement Body, EntityTagHeaderValue ETag)> LayoutAsync(HttpClient client, string eventId)
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/events/{eventId}/layout", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoCache);
        return (JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone(), response.Headers.ETag!);
    }

    /// <summary>Each seat's price as the seat map shows it: its own when repriced, else its section's.</summary>
    private static async Task<Dictionary<string, decimal>> SeatMapPricesAsync(HttpClient client, string eventId)
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/events/{eventId}/seatmap", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var map = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return map.GetProperty("sections").EnumerateArray()
            .SelectMany(section => section.GetProperty("rows").EnumerateArray().SelectMany(row => row.GetProperty("seats").EnumerateArray()
                .Select(seat => (Id: seat.GetProperty("id").GetString()!,
                    Price: seat.TryGetProperty("price", out var own) ? own.GetDecimal() : section.GetProperty("price").GetDecimal()))))
            .ToDictionary(seat => seat.Id, seat => seat.Price);
    }
}
