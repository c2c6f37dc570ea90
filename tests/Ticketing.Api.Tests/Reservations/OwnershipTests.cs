using System.Net;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Reservations;

public sealed class OwnershipTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AnotherUserGets404ForTheReservationAndCannotExtendReleaseOrCommitIt()
    {
        var eventId = await api.CreateEventAsync();
        var owner = api.NewUser();
        var stranger = api.NewUser();
        var id = (await api.HoldAsync(eventId, owner, "FLOOR-A-1")).String("reservation_id");

        (await api.GetAsync($"/api/v1/reservations/{id}", stranger)).AssertProblem(HttpStatusCode.NotFound, "reservation_not_found");
        (await api.SendAsync(HttpMethod.Patch, $"/api/v1/reservations/{id}/extend", stranger, new { additional_seconds = 60 }))
            .AssertProblem(HttpStatusCode.NotFound, "reservation_not_found");
        (await api.SendAsync(HttpMethod.Delete, $"/api/v1/reservations/{id}", stranger)).AssertProblem(HttpStatusCode.NotFound, "reservation_not_found");
        (await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, stranger))
            .AssertProblem(HttpStatusCode.NotFound, "reservation_not_found");

        var read = await api.GetAsync($"/api/v1/reservations/{id}", owner);
        Assert.Equal("held", read.String("status"));
        Assert.Equal(1, read.Body.GetProperty("extensions_remaining").GetInt32());
        Assert.Equal("held", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
    }

    [Fact]
    public async Task AnotherUserGets404ForTheOrderAndDoesNotSeeItInTheirList()
    {
        var eventId = await api.CreateEventAsync();
        var owner = api.NewUser();
        var stranger = api.NewUser();
        var id = (await api.HoldAsync(eventId, owner, "FLOOR-A-1")).String("reservation_id");
        var order = await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, owner);
        Assert.Equal(HttpStatusCode.OK, order.Status);
        var orderId = order.String("order_id");

        (await api.GetAsync($"/api/v1/orders/{orderId}", stranger)).AssertProblem(HttpStatusCode.NotFound, "order_not_found");
        Assert.Equal(0, (await api.GetAsync("/api/v1/me/orders", stranger)).Body.GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/orders/{orderId}", owner)).Status);
    }

    [Fact]
    public async Task AnAdminSeesAnyonesReservationAndOrder()
    {
        var eventId = await api.CreateEventAsync();
        var owner = api.NewUser();
        var admin = api.NewUser("admin");
        var id = (await api.HoldAsync(eventId, owner, "FLOOR-A-1")).String("reservation_id");
        var orderId = (await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, owner))
            .String("order_id");

        Assert.Equal("committed", (await api.GetAsync($"/api/v1/reservations/{id}", admin)).String("status"));
        Assert.Equal(orderId, (await api.GetAsync($"/api/v1/orders/{orderId}", admin)).String("order_id"));
    }
}
