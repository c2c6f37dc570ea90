using System.Net;
using System.Text.Json;
using Ticketing.Api.Tests.Support;
using Ticketing.Api.Tests.WaitingRoom;

namespace Ticketing.Api.Tests.Security;

/// <summary>
/// OWASP API3:2023 Broken Object Property Level Authorization. Request bodies bind only the properties a caller
/// may set: a <c>status</c>, <c>price</c>, <c>user_id</c> or <c>role</c> slipped into any body is ignored, and
/// answers carry the documented properties only (no owner ids, no internal fields, no one else's data).
/// </summary>
public sealed class Api3BrokenObjectPropertyLevelAuthorizationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] ReservationProperties =
        ["currency", "event_id", "expires_at", "extensions_remaining", "order_id", "reservation_id", "seats", "status", "total_price"];

    private static readonly string[] OrderProperties =
        ["confirmed_at", "currency", "event_id", "order_id", "payment", "persisted", "reservation_id", "status", "tickets", "total_amount"];

    [Fact]
    public async Task AHoldIgnoresTheStatusPriceOwnerAndRoleItIsSent()
    {
        var eventId = await api.CreateEventAsync();
        var fan = api.NewUser();
        var victim = api.NewUser();

        var held = await api.PostAsync($"/api/v1/events/{eventId}/reservations", new
        {
            client_reservation_id = Guid.NewGuid(),
            seat_ids = new[] { "FLOOR-A-1" },
            status = "committed",
            price = 0,
            total_price = 0.01,
            user_id = victim.Id,
            role = "admin",
            order_id = "o_free",
            extensions_remaining = 99,
        }, fan);

        Assert.Equal(HttpStatusCode.Created, held.Status);
        Assert.Equal("held", held.String("status"));
        Assert.Equal(100.00m, held.Body.GetProperty("total_price").GetDecimal());
        Assert.False(held.Body.TryGetProperty("order_id", out _));
        Assert.Equal(1, held.Body.GetProperty("extensions_remaining").GetInt32());
        var id = held.String("reservation_id");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/reservations/{id}", fan)).Status);
        (await api.GetAsync($"/api/v1/reservations/{id}", victim)).AssertProblem(HttpStatusCode.NotFound, "reservation_not_found");
    }

    [Fact]
    public async Task AnExtensionIgnoresAStatusExpiryOrExtensionCountItIsSent()
    {
        var eventId = await api.CreateEventAsync();
        var fan = api.NewUser();
        var id = (await api.HoldAsync(eventId, fan, "FLOOR-A-3")).String("reservation_id");

        var extended = await api.SendAsync(HttpMethod.Patch, $"/api/v1/reservations/{id}/extend", fan, new
        {
            additional_seconds = 60,
            status = "committed",
            expires_at = "2099-01-01T00:00:00Z",
            extensions_remaining = 99,
        });

        Assert.Equal(HttpStatusCode.OK, extended.Status);
        Assert.Equal(0, extended.Body.GetProperty("extensions_remaining").GetInt32());
        Assert.True(extended.Body.GetProperty("expires_at").GetDateTimeOffset() < DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal("held", (await api.GetAsync($"/api/v1/reservations/{id}", fan)).String("status"));
    }

    [Fact]
    public async Task ACommitChargesTheSeatsPriceToTheCallerWhateverAmountOrOwnerItIsSent()
    {
        var eventId = await api.CreateEventAsync();
        var fan = api.NewUser();
        var victim = api.NewUser();
        var id = (await api.HoldAsync(eventId, fan, "FLOOR-A-4", "BALCONY-A-1")).String("reservation_id");

        var order = await api.PostAsync($"/api/v1/reservations/{id}/commit", new
        {
            payment_token = "tok_visa",
            idempotency_key = "mass-assignment",
            price = 0,
            amount = 0,
            total_amount = 0.01,
            currency = "XXX",
            status = "refunded",
            user_id = victim.Id,
        }, fan);

        Assert.Equal(HttpStatusCode.OK, order.Status);
        Assert.Equal(140.50m, order.Body.GetProperty("total_amount").GetDecimal());
        Assert.Equal("USD", order.String("currency"));
        Assert.Equal("confirmed", order.String("status"));
        Assert.Equal(1, (await api.GetAsync("/api/v1/me/orders", fan)).Body.GetProperty("data").GetArrayLength());
        Assert.Equal(0, (await api.GetAsync("/api/v1/me/orders", victim)).Body.GetProperty("data").GetArrayLength());
        AssertOnlyProperties(OrderProperties, order.Body);
    }

    [Fact]
    public async Task AQueueJoinTakesAPlaceForTheCallerOnlyWhateverUserOrPositionItIsSent()
    {
        var eventId = await api.CreateEventBehindRoomAsync(admitPerSecond: 1, maxActive: 1);
        var fan = api.NewUser();
        var victim = api.NewUser();

        var joined = await api.PostAsync($"/api/v1/events/{eventId}/queue", new { user_id = victim.Id, position = 0, status = "admitted" }, fan);
        var own = await api.JoinAsync(eventId, fan);
        var victims = await api.JoinAsync(eventId, victim);

        Assert.Equal(HttpStatusCode.Created, joined.Status);
        Assert.Equal(own.String("fan_id"), joined.String("fan_id"));
        Assert.NotEqual(victims.String("fan_id"), joined.String("fan_id"));
    }

    [Fact]
    public async Task AnEventsIdAndCountsAreTheApisNotTheAdminsBody()
    {
        var layout = TestLayouts.Small();
        var chosenId = Guid.NewGuid();
        layout["id"] = chosenId;
        layout["availability"] = new { total_seats = 1, available_seats = 0, held_seats = 0, sold_seats = 999 };

        var created = await api.PostAsync("/api/v1/events", layout, api.NewUser("admin"));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.NotEqual(chosenId.ToString("D"), created.String("id"));
        Assert.Equal("on_sale", created.String("status"));
        Assert.Equal(0, created.Body.GetProperty("availability").GetProperty("sold_seats").GetInt32());
        Assert.Equal(30, created.Body.GetProperty("availability").GetProperty("available_seats").GetInt32());
    }

    [Fact]
    public async Task AnEventCannotBeCreatedInAStatusOnlyItsSaleCanReach()
    {
        // An admin may create an event as a draft, scheduled or on sale; sold out or closed are
        // where a sale ends up, never where it starts.
        var admin = api.NewUser("admin");
        var title = $"Status refused {Guid.NewGuid():N}";
        foreach (var status in new[] { "sold_out", "closed", "cancelled", "paused" })
        {
            var layout = TestLayouts.Small();
            layout["title"] = title;
            layout["status"] = status;

            var refused = await api.PostAsync("/api/v1/events", layout, admin);

            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        }

        var listed = await api.GetAsync($"/api/v1/events?q={title}", admin);
        Assert.Equal(0, listed.Body.GetProperty("meta").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AnswersCarryOnlyDocumentedPropertiesAndNoHoldersIdentity()
    {
        var eventId = await api.CreateEventAsync();
        var fan = api.NewUser();
        var held = await api.HoldAsync(eventId, fan, "FLOOR-B-1");

        AssertOnlyProperties(ReservationProperties, held.Body);
        AssertOnlyProperties(ReservationProperties, (await api.GetAsync($"/api/v1/reservations/{held.String("reservation_id")}", fan)).Body);
        foreach (var publicRead in new[] { "seatmap", "seat-status", "layout", "" })
        {
            var answer = await api.GetAsync($"/api/v1/events/{eventId}/{publicRead}".TrimEnd('/'));
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.DoesNotContain(fan.Id, answer.Body.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain(held.String("reservation_id"), answer.Body.GetRawText(), StringComparison.Ordinal);
        }
    }

    /// <summary>Every property of the answer is a documented one (properties without a value are left out).</summary>
    private static void AssertOnlyProperties(string[] documented, JsonElement body) =>
        Assert.Subset(documented.ToHashSet(StringComparer.Ordinal), body.EnumerateObject().Select(property => property.Name).ToHashSet(StringComparer.Ordinal));
}
