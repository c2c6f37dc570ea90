using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Features.WaitingRoom;
using Ticketing.Api.Tests.Support;
using Ticketing.Api.Tests.WaitingRoom;

namespace Ticketing.Api.Tests.Security;

/// <summary>
/// OWASP API1:2023 Broken Object Level Authorization. A user's records (holds, orders and their payments,
/// admissions) are reachable by id only by their owner and by admins: anyone else gets the same 404 as for an id
/// that does not exist (so ids cannot be probed), and the call changes nothing.
/// </summary>
public sealed class Api1BrokenObjectLevelAuthorizationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>The signed-in routes that take the id of a user's record; each is tried cross-user below.</summary>
    private static readonly string[] OwnedRecordRoutes =
    [
        "GET /api/v1/reservations/{id}",
        "PATCH /api/v1/reservations/{id}/extend",
        "DELETE /api/v1/reservations/{id}",
        "POST /api/v1/reservations/{id}/commit",
        "GET /api/v1/orders/{id}",
        "GET /api/v1/orders/{id}/tickets/{ticketId}/qr",
        "POST /api/v1/orders/{id}/cancel",
    ];

    /// <summary>
    /// Signed-in routes whose only id is a public event's, acting for the caller alone (a hold, a queue place), and
    /// the queue poll, whose signed token is itself the credential (a forged or other event's token is 403).
    /// </summary>
    private static readonly string[] CallerScopedRoutes =
    [
        "POST /api/v1/events/{eventId}/reservations",
        "POST /api/v1/events/{eventId}/queue",
    ];

    [Fact]
    public void EverySignedInRouteThatTakesAnIdIsCoveredHere()
    {
        var withIds = RouteInventory.Of(api.Server.Services)
            .Where(route => route.Access == RouteAccess.SignedIn && route.Route.Contains('{', StringComparison.Ordinal))
            .Select(route => route.ToString())
            .Order(StringComparer.Ordinal);

        Assert.Equal(OwnedRecordRoutes.Concat(CallerScopedRoutes).Order(StringComparer.Ordinal), withIds);
    }

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
        Assert.Equal(0, (await api.GetAsync("/api/v1/me/orders", stranger)).Body.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task AStrangersAnswerForAnotherUsersIdIsTheAnswerForAnIdThatDoesNotExist()
    {
        var eventId = await api.CreateEventAsync();
        var owner = api.NewUser();
        var stranger = api.NewUser();
        var id = (await api.HoldAsync(eventId, owner, "FLOOR-A-2")).String("reservation_id");
        var unknown = id[..^4] + "0000";

        var theirs = await api.GetAsync($"/api/v1/reservations/{id}", stranger);
        var nobodys = await api.GetAsync($"/api/v1/reservations/{unknown}", stranger);

        Assert.Equal(nobodys.Status, theirs.Status);
        Assert.Equal(nobodys.Error, theirs.Error);
        Assert.Equal(nobodys.Body.GetProperty("detail").GetString(), theirs.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnotherUserGets404ForTheOrderAndItsPaymentAndDoesNotSeeItInTheirList()
    {
        var eventId = await api.CreateEventAsync();
        var owner = api.NewUser();
        var stranger = api.NewUser();
        var id = (await api.HoldAsync(eventId, owner, "FLOOR-A-1")).String("reservation_id");
        var order = await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, owner);
        Assert.Equal(HttpStatusCode.OK, order.Status);
        var orderId = order.String("order_id");

        (await api.GetAsync($"/api/v1/orders/{orderId}", stranger)).AssertProblem(HttpStatusCode.NotFound, "order_not_found");
        var ticketId = order.Body.GetProperty("tickets")[0].GetProperty("ticket_id").GetString();
        (await api.GetAsync($"/api/v1/orders/{orderId}/tickets/{ticketId}/qr", stranger)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await api.PostAsync($"/api/v1/orders/{orderId}/cancel", null, stranger)).AssertProblem(HttpStatusCode.NotFound, "order_not_found");
        // Replaying the owner's commit (same idempotency key) as someone else does not hand over the order or its payment.
        (await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, stranger))
            .AssertProblem(HttpStatusCode.NotFound, "reservation_not_found");
        Assert.Equal(0, (await api.GetAsync("/api/v1/me/orders", stranger)).Body.GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/orders/{orderId}", owner)).Status);
    }

    [Fact]
    public async Task AnotherUsersAdmissionTokenDoesNotLetAStrangerHold()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var owner = api.NewUser();
        var stranger = api.NewUser();
        var admission = api.Server.Services.GetRequiredService<QueueTokens>().IssueAdmissionToken(owner.Id, eventId, DateTimeOffset.UtcNow.AddMinutes(5));

        (await api.HoldWithAdmissionAsync(eventId, stranger, admission)).AssertProblem(HttpStatusCode.Forbidden, "admission_required");

        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
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
