using System.Net;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Reservations;

public sealed class ReservationLifecycleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TheOwnerReadsTheReservationAsHeld()
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var held = await api.HoldAsync(eventId, user, "FLOOR-A-1");

        var read = await api.GetAsync($"/api/v1/reservations/{held.String("reservation_id")}", user);

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("held", read.String("status"));
        Assert.Equal(held.String("expires_at"), read.String("expires_at"));
        Assert.Equal("FLOOR-A-1", read.Body.GetProperty("seats")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task ExtendingPushesTheExpiryBackOnceThen409NoExtensionsLeft()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(maxExtensions: 1));
        var user = api.NewUser();
        var held = await api.HoldAsync(eventId, user, "FLOOR-A-1");
        var id = held.String("reservation_id");

        var extended = await api.SendAsync(HttpMethod.Patch, $"/api/v1/reservations/{id}/extend", user, new { additional_seconds = 120 });
        var again = await api.SendAsync(HttpMethod.Patch, $"/api/v1/reservations/{id}/extend", user, new { additional_seconds = 120 });

        Assert.Equal(HttpStatusCode.OK, extended.Status);
        Assert.Equal(id, extended.String("reservation_id"));
        Assert.Equal(0, extended.Body.GetProperty("extensions_remaining").GetInt32());
        var gained = extended.Body.GetProperty("expires_at").GetDateTimeOffset() - held.Body.GetProperty("expires_at").GetDateTimeOffset();
        Assert.Equal(120, gained.TotalSeconds, precision: 0);
        again.AssertProblem(HttpStatusCode.Conflict, "no_extensions_left");
    }

    [Theory]
    [InlineData("""{"additional_seconds": 3601}""", HttpStatusCode.UnprocessableEntity, "invalid_ttl")]
    [InlineData("""{"additional_seconds": 0}""", HttpStatusCode.UnprocessableEntity, "invalid_ttl")]
    [InlineData("""{"additional_seconds": "soon"}""", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("""{}""", HttpStatusCode.BadRequest, "invalid_request")]
    public async Task ABadExtensionIsRefusedAndLeavesTheHoldAsItWas(string body, HttpStatusCode status, string error)
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var held = await api.HoldAsync(eventId, user, "FLOOR-A-1");
        var id = held.String("reservation_id");

        (await api.SendAsync(HttpMethod.Patch, $"/api/v1/reservations/{id}/extend", user, body)).AssertProblem(status, error);

        var read = await api.GetAsync($"/api/v1/reservations/{id}", user);
        Assert.Equal(held.String("expires_at"), read.String("expires_at"));
        Assert.Equal(1, read.Body.GetProperty("extensions_remaining").GetInt32());
    }

    [Fact]
    public async Task ReleasingAnswers204AndTheSeatsAreAvailableAtOnce()
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var id = (await api.HoldAsync(eventId, user, "FLOOR-A-1", "FLOOR-A-2")).String("reservation_id");

        var released = await api.SendAsync(HttpMethod.Delete, $"/api/v1/reservations/{id}", user);

        Assert.Equal(HttpStatusCode.NoContent, released.Status);
        var statuses = await api.SeatStatusesAsync(eventId);
        Assert.Equal("available", statuses["FLOOR-A-1"]);
        Assert.Equal("available", statuses["FLOOR-A-2"]);
        Assert.Equal("released", (await api.GetAsync($"/api/v1/reservations/{id}", user)).String("status"));
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/v1/reservations/{id}", user)).Status);
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1")).Status);
        (await api.SendAsync(HttpMethod.Patch, $"/api/v1/reservations/{id}/extend", user, new { additional_seconds = 60 }))
            .AssertProblem(HttpStatusCode.Conflict, "reservation_not_held");
        (await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, user))
            .AssertProblem(HttpStatusCode.Conflict, "reservation_not_held");
    }

    [Fact]
    public async Task AnExpiredReservationReadsExpiredAndAnswers410ToEveryChange()
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var held = await api.PostAsync($"/api/v1/events/{eventId}/reservations", new { seat_ids = new[] { "FLOOR-A-1" }, ttl_seconds = 5 }, user);
        var id = held.String("reservation_id");

        await Eventually.HoldsAsync(async () => (await api.GetAsync($"/api/v1/reservations/{id}", user)).String("status") == "expired");

        (await api.SendAsync(HttpMethod.Patch, $"/api/v1/reservations/{id}/extend", user, new { additional_seconds = 60 }))
            .AssertProblem(HttpStatusCode.Gone, "reservation_expired");
        (await api.SendAsync(HttpMethod.Delete, $"/api/v1/reservations/{id}", user)).AssertProblem(HttpStatusCode.Gone, "reservation_expired");
        (await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, user))
            .AssertProblem(HttpStatusCode.Gone, "reservation_expired");
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1")).Status);
    }

    [Theory]
    [InlineData("rsv_nope")]
    [InlineData("ord_0123456789abcdef0123456789abcdef_00")]
    [InlineData("rsv_0123456789abcdef0123456789abcdef_00")]
    public async Task AnUnknownOrMalformedReservationIdAnswers404ToEveryRoute(string id)
    {
        var user = api.NewUser();

        (await api.GetAsync($"/api/v1/reservations/{id}", user)).AssertProblem(HttpStatusCode.NotFound, "reservation_not_found");
        (await api.SendAsync(HttpMethod.Patch, $"/api/v1/reservations/{id}/extend", user, new { additional_seconds = 60 }))
            .AssertProblem(HttpStatusCode.NotFound, "reservation_not_found");
        (await api.SendAsync(HttpMethod.Delete, $"/api/v1/reservations/{id}", user)).AssertProblem(HttpStatusCode.NotFound, "reservation_not_found");
        (await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, user))
            .AssertProblem(HttpStatusCode.NotFound, "reservation_not_found");
    }
}
