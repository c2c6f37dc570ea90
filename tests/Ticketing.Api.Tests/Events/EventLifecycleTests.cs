using System.Net;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Events;

/// <summary>PATCH of events and the lifecycle as buyers meet it: holds refused outside the sale.</summary>
public sealed class EventLifecycleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AScheduledEventRefusesHoldsWith409EventNotOnSaleAndItsOpeningTime()
    {
        var body = TestLayouts.Small();
        body["status"] = "scheduled";
        body["opens_at"] = "2030-06-01T10:00:00Z";
        var created = await api.PostAsync("/api/v1/events", body, api.NewUser(ApiClaims.AdminRole));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("scheduled", created.String("status"));
        Assert.Equal(new DateTimeOffset(2030, 6, 1, 10, 0, 0, TimeSpan.Zero), created.Body.GetProperty("opens_at").GetDateTimeOffset());

        var hold = await api.HoldAsync(created.String("id"), api.NewUser(), "FLOOR-A-1");

        hold.AssertProblem(HttpStatusCode.Conflict, "event_not_on_sale");
        Assert.Equal("scheduled", hold.String("event_status"));
        Assert.Equal(new DateTimeOffset(2030, 6, 1, 10, 0, 0, TimeSpan.Zero), hold.Body.GetProperty("opens_at").GetDateTimeOffset());
        Assert.Equal("available", (await api.SeatStatusesAsync(created.String("id")))["FLOOR-A-1"]);
    }

    [Fact]
    public async Task PausingStopsNewHoldsAndResumingTakesThemAgain()
    {
        var eventId = await api.CreateEventAsync();
        var buyer = api.NewUser();
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, buyer, "FLOOR-A-1")).Status);

        var paused = await PatchAsync(eventId, new { status = "paused" });
        Assert.Equal(HttpStatusCode.OK, paused.Status);
        Assert.Equal("paused", paused.String("status"));
        Assert.Equal("paused", (await api.GetAsync($"/api/v1/events/{eventId}")).String("status"));
        var refused = await api.HoldAsync(eventId, buyer, "FLOOR-A-2");
        refused.AssertProblem(HttpStatusCode.Conflict, "event_not_on_sale");
        Assert.Equal("paused", refused.String("event_status"));

        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(eventId, new { status = "on_sale" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, buyer, "FLOOR-A-2")).Status);
    }

    [Fact]
    public async Task AMoveTheLifecycleForbidsAnswers409InvalidTransitionWithFromAndTo()
    {
        var eventId = await api.CreateEventAsync();
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(eventId, new { status = "closed" })).Status);

        var reopen = await PatchAsync(eventId, new { status = "on_sale", title = "Again" });

        reopen.AssertProblem(HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal(("closed", "on_sale"), (reopen.String("from"), reopen.String("to")));
        var stored = await api.GetAsync($"/api/v1/events/{eventId}");
        Assert.Equal(("closed", "Test Night"), (stored.String("status"), stored.String("title")));
        (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1")).AssertProblem(HttpStatusCode.Conflict, "event_not_on_sale");
    }

    [Fact]
    public async Task PatchChangesDetailsAndTheLimitsNewHoldsMeet()
    {
        var eventId = await api.CreateEventAsync();

        var patched = await PatchAsync(eventId, new
        {
            title = "Renamed Night", venue = "Other Hall", refund_until = "2030-12-30T00:00:00Z", max_seats_per_hold = 2, hold_ttl_seconds = 120,
        });

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(("Renamed Night", "Other Hall", 2, 120), (patched.String("title"), patched.String("venue"),
            patched.Body.GetProperty("max_seats_per_hold").GetInt32(), patched.Body.GetProperty("hold_ttl_seconds").GetInt32()));
        Assert.Equal("on_sale", patched.String("status"));
        (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3")).AssertProblem(HttpStatusCode.UnprocessableEntity, "too_many_seats");
        var held = await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1", "FLOOR-A-2");
        Assert.Equal(HttpStatusCode.Created, held.Status);
        var ttl = held.Body.GetProperty("expires_at").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(ttl.TotalSeconds, 60, 121);
    }

    [Fact]
    public async Task BadPatchesAnswer4xxProblemsAndChangeNothing()
    {
        var eventId = await api.CreateEventAsync();

        (await PatchAsync(eventId, new { status = "sold_out" })).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await PatchAsync(eventId, new { hold_ttl_seconds = 1 })).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await PatchAsync(eventId, new { title = " " })).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await PatchAsync(eventId, "{\"starts_at\": \"tomorrow\"}")).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await PatchAsync(eventId, "{}")).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await PatchAsync(eventId, new { name = "not a member of the event" })).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await PatchAsync(eventId, new { status = "scheduled" })).AssertProblem(HttpStatusCode.Conflict, "invalid_transition");
        (await PatchAsync(Guid.NewGuid().ToString(), new { title = "x" })).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
        (await PatchAsync("not-an-id", new { title = "x" })).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
        (await api.SendAsync(HttpMethod.Patch, $"/api/v1/events/{eventId}", api.NewUser(), new { status = "paused" })).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("on_sale", (await api.GetAsync($"/api/v1/events/{eventId}")).String("status"));
    }

    [Fact]
    public async Task ADraftIsScheduledOnlyWithAnOpeningTime()
    {
        var body = TestLayouts.Small();
        body["status"] = "draft";
        var draft = await api.PostAsync("/api/v1/events", body, api.NewUser(ApiClaims.AdminRole));
        var eventId = draft.String("id");
        (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1")).AssertProblem(HttpStatusCode.Conflict, "event_not_on_sale");

        var missing = await PatchAsync(eventId, new { status = "scheduled" });
        missing.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        Assert.True(missing.Body.GetProperty("errors").TryGetProperty("opens_at", out _));

        var scheduled = await PatchAsync(eventId, new { status = "scheduled", opens_at = "2030-01-01T00:00:00Z" });
        Assert.Equal(HttpStatusCode.OK, scheduled.Status);
        Assert.Equal("scheduled", scheduled.String("status"));
        Assert.Equal("scheduled", (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1")).String("event_status"));
    }

    [Fact]
    public async Task CreatingAnEventThatIsAlreadyPausedIsRefused()
    {
        var body = TestLayouts.Small();
        body["status"] = "paused";
        (await api.PostAsync("/api/v1/events", body, api.NewUser(ApiClaims.AdminRole))).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");

        body["status"] = "scheduled";
        (await api.PostAsync("/api/v1/events", body, api.NewUser(ApiClaims.AdminRole))).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task AWaitingRoomOfAScheduledSaleOpensItsPreQueueWhenTheSaleOpens()
    {
        var opensAt = DateTimeOffset.UtcNow.AddHours(1);
        var body = TestLayouts.Small();
        body["status"] = "scheduled";
        body["opens_at"] = opensAt.ToString("O");
        var eventId = (await api.PostAsync("/api/v1/events", body, api.NewUser(ApiClaims.AdminRole))).String("id");

        var room = await api.SendAsync(HttpMethod.Put, $"/api/v1/events/{eventId}/waiting-room", api.NewUser(ApiClaims.AdminRole),
            new { enabled = true, admit_per_second = 10 });

        Assert.Equal(HttpStatusCode.OK, room.Status);
        Assert.Equal("prequeue", room.String("phase"));
        Assert.Equal(opensAt.ToUnixTimeMilliseconds(), room.Body.GetProperty("opens_at").GetDateTimeOffset().ToUnixTimeMilliseconds());
    }

    private Task<ApiResponse> PatchAsync(string eventId, object body) =>
        api.SendAsync(HttpMethod.Patch, $"/api/v1/events/{eventId}", api.NewUser(ApiClaims.AdminRole), body);
}
