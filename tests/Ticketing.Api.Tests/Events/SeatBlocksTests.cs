using System.Net;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Events;

public sealed class SeatBlocksTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task BlockedSeatsReadBlockedEverywhereAndReturnToSaleWhenUnblocked()
    {
        var eventId = await api.CreateEventAsync();
        var before = (await api.GetAsync($"/api/v1/events/{eventId}/seat-status")).Body.GetProperty("version").GetInt64();

        var blocked = await BlockAsync(eventId, new { seat_ids = new[] { "FLOOR-A-1", "FLOOR-A-2" }, reason = "camera platform" });

        Assert.Equal(HttpStatusCode.Created, blocked.Status);
        var blockId = blocked.String("block_id");
        Assert.Equal($"/api/v1/events/{eventId}/seat-blocks/{blockId}", blocked.Headers.Location?.OriginalString);
        var seats = await api.SeatStatusesAsync(eventId);
        Assert.Equal(("blocked", "blocked", "available"), (seats["FLOOR-A-1"], seats["FLOOR-A-2"], seats["FLOOR-A-3"]));
        var status = await api.GetAsync($"/api/v1/events/{eventId}/seat-status");
        Assert.StartsWith("bba", status.String("status"), StringComparison.Ordinal);
        Assert.Equal(before + 1, status.Body.GetProperty("version").GetInt64());
        var availability = (await api.GetAsync($"/api/v1/events/{eventId}")).Body.GetProperty("availability");
        Assert.Equal((2, 28), (availability.GetProperty("blocked_seats").GetInt32(), availability.GetProperty("available_seats").GetInt32()));
        var hold = await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-2", "FLOOR-A-3");
        hold.AssertProblem(HttpStatusCode.Conflict, "seat_unavailable");
        Assert.Equal(["FLOOR-A-2"], hold.Strings("unavailable_seats"));

        var lifted = await api.SendAsync(HttpMethod.Delete, $"/api/v1/events/{eventId}/seat-blocks/{blockId}", api.NewUser(ApiClaims.AdminRole));

        Assert.Equal(HttpStatusCode.NoContent, lifted.Status);
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1", "FLOOR-A-2")).Status);
        (await api.SendAsync(HttpMethod.Delete, $"/api/v1/events/{eventId}/seat-blocks/{blockId}", api.NewUser(ApiClaims.AdminRole)))
            .AssertProblem(HttpStatusCode.NotFound, "block_not_found");
    }

    [Fact]
    public async Task ABlockOverAHeldSeatAnswers409WithTheSeatsAndBlocksNothing()
    {
        var eventId = await api.CreateEventAsync();
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-B-5")).Status);

        var refused = await BlockAsync(eventId, new { seat_ids = new[] { "FLOOR-B-4", "FLOOR-B-5" } });

        refused.AssertProblem(HttpStatusCode.Conflict, "seat_unavailable");
        Assert.Equal(["FLOOR-B-5"], refused.Strings("unavailable_seats"));
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-B-4"]);
    }

    [Fact]
    public async Task BadBlocksAnswer4xxProblems()
    {
        var eventId = await api.CreateEventAsync();

        (await BlockAsync(eventId, new { seat_ids = Array.Empty<string>() })).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await BlockAsync(eventId, new { reason = "no seats" })).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await BlockAsync(eventId, new { seat_ids = new[] { "FLOOR-Z-1" } })).AssertProblem(HttpStatusCode.UnprocessableEntity, "unknown_seats");
        (await BlockAsync(eventId, new { seat_ids = new[] { "FLOOR-A-1", "FLOOR-A-1" } })).AssertProblem(HttpStatusCode.UnprocessableEntity, "duplicate_seats");
        (await BlockAsync(Guid.NewGuid().ToString(), new { seat_ids = new[] { "FLOOR-A-1" } })).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
        (await api.PostAsync($"/api/v1/events/{eventId}/seat-blocks", new { seat_ids = new[] { "FLOOR-A-1" } }, api.NewUser()))
            .AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await api.SendAsync(HttpMethod.Delete, $"/api/v1/events/{eventId}/seat-blocks/blk_nope", api.NewUser(ApiClaims.AdminRole)))
            .AssertProblem(HttpStatusCode.NotFound, "block_not_found");
        Assert.All((await api.SeatStatusesAsync(eventId)).Values, status => Assert.Equal("available", status));
    }

    private Task<ApiResponse> BlockAsync(string eventId, object body) =>
        api.PostAsync($"/api/v1/events/{eventId}/seat-blocks", body, api.NewUser(ApiClaims.AdminRole));
}
