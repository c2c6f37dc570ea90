using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;
using Ticketing.Scripts.WaitingRoom;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.WaitingRoom;

public sealed class QueueTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task APreQueueFanComesBackAfterTheOpenNotBeforeIt()
    {
        var soon = await api.CreateEventAsync();
        var later = await api.CreateEventAsync();
        await api.ConfigureRoomAsync(soon, new { enabled = true, admit_per_second = 10, opens_at = DateTimeOffset.UtcNow.AddSeconds(8) });
        await api.ConfigureRoomAsync(later, new { enabled = true, admit_per_second = 10, opens_at = DateTimeOffset.UtcNow.AddHours(1) });
        await Eventually.HoldsAsync(async () => (await api.GetAsync($"/api/v1/events/{soon}/queue/status")).Status == HttpStatusCode.OK);
        await Eventually.HoldsAsync(async () => (await api.GetAsync($"/api/v1/events/{later}/queue/status")).Status == HttpStatusCode.OK);

        var soonJoin = await api.JoinAsync(soon, api.NewUser());
        var laterJoin = await api.JoinAsync(later, api.NewUser());

        // Nothing changes for a pre-queue fan before the open: the next look is after it...
        var untilOpen = soonJoin.Body.GetProperty("estimated_wait_seconds").GetInt64();
        var pollAfter = soonJoin.Body.GetProperty("poll_after_seconds").GetInt32();
        Assert.InRange(pollAfter, untilOpen + 1, untilOpen + 4);
        // ...or, with the open an hour off, the longest interval, which keeps the place from lapsing.
        Assert.Equal(15, laterJoin.Body.GetProperty("poll_after_seconds").GetInt32());
    }

    [Fact]
    public async Task AFanJoinsAtOnceThroughAnotherApiProcessThanTheOneThatTurnedTheRoomOn()
    {
        var eventId = await api.CreateEventAsync();
        var withoutRoom = await api.CreateEventAsync();
        // A second process, which read the rooms that are on before this one was turned on and
        // would not read them again for a minute.
        var configuration = api.Server.Services.GetRequiredService<IConfiguration>();
        await using var second = await ApiServer.StartAsync(configuration.GetConnectionString("Redis")!, configuration.GetConnectionString("Postgres")!,
            new Dictionary<string, string> { ["WaitingRoom:DirectoryRefreshMilliseconds"] = "60000" });
        Assert.Equal(HttpStatusCode.OK, (await api.ConfigureRoomAsync(eventId, new { enabled = true, admit_per_second = 10 })).Status);
        var fan = second.Services.GetRequiredService<TokenIssuer>().Issue("fan-of-the-second-process", ApiClaims.CustomerRole, TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Created, await JoinThroughAsync(second, eventId, fan));
        Assert.Equal(HttpStatusCode.NotFound, await JoinThroughAsync(second, withoutRoom, fan));
    }

    private static async Task<HttpStatusCode> JoinThroughAsync(ApiServer server, string eventId, string bearer)
    {
        using var join = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/events/{eventId}/queue", UriKind.Relative));
        join.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var answer = await server.Client.SendAsync(join);
        return answer.StatusCode;
    }

    [Fact]
    public async Task OnlyAdminsConfigureARoomAndBadSettingsAnswer400()
    {
        var eventId = await api.CreateEventAsync();

        var byFan = await api.SendAsync(HttpMethod.Put, $"/api/v1/events/{eventId}/waiting-room", api.NewUser(), new { enabled = true, admit_per_second = 5 });
        var noRate = await api.ConfigureRoomAsync(eventId, new { enabled = true });
        var unknown = await api.ConfigureRoomAsync(Guid.NewGuid().ToString(), new { enabled = true, admit_per_second = 5 });
        var configured = await api.ConfigureRoomAsync(eventId, new { enabled = true, admit_per_second = 5, admission_ttl_seconds = 300, target_p99_ms = 200 });

        byFan.AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        noRate.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        unknown.AssertProblem(HttpStatusCode.NotFound, "event_not_found");
        Assert.Equal(HttpStatusCode.OK, configured.Status);
        Assert.Equal("open", configured.String("phase"));
        Assert.Equal(300, configured.Body.GetProperty("admission_ttl_seconds").GetInt32());
        Assert.Equal(200, configured.Body.GetProperty("target_p99_ms").GetInt32());
        Assert.Equal(120, configured.Body.GetProperty("abandon_after_seconds").GetInt32());
    }

    [Fact]
    public async Task FansQueueInTheOrderTheyJoinAndRejoiningKeepsThePlace()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var first = api.NewUser();
        var second = api.NewUser();

        var firstJoin = await api.JoinAsync(eventId, first);
        var secondJoin = await api.JoinAsync(eventId, second);
        var firstAgain = await api.JoinAsync(eventId, first);

        Assert.Equal(HttpStatusCode.Created, firstJoin.Status);
        Assert.Equal("waiting", firstJoin.String("status"));
        Assert.Equal(1, firstJoin.Body.GetProperty("position").GetInt64());
        Assert.Equal(2, secondJoin.Body.GetProperty("position").GetInt64());
        Assert.Equal(1, firstAgain.Body.GetProperty("position").GetInt64());
        Assert.Equal(firstJoin.String("fan_id"), firstAgain.String("fan_id"));
        Assert.True(firstJoin.Body.GetProperty("poll_after_seconds").GetInt32() >= 1);

        await Eventually.HoldsAsync(async () =>
            (await api.PollAsync(eventId, secondJoin.String("queue_token"))).Body.GetProperty("position").GetInt64() == 2);
    }

    [Fact]
    public async Task TheStatusIsPublicAndCacheable()
    {
        var eventId = await api.CreateEventBehindRoomAsync(admitPerSecond: 7);
        await api.JoinAsync(eventId, api.NewUser());

        await Eventually.HoldsAsync(async () =>
            (await api.GetAsync($"/api/v1/events/{eventId}/queue/status")).Body.GetProperty("waiting").GetInt64() == 1);
        var status = await api.GetAsync($"/api/v1/events/{eventId}/queue/status");

        Assert.Equal("public, max-age=1", status.Headers.CacheControl?.ToString());
        Assert.Equal(0, status.Body.GetProperty("serving").GetInt64());
        Assert.Equal(7, status.Body.GetProperty("max_admit_per_second").GetInt32());
        Assert.Equal("open", status.String("phase"));
        (await api.GetAsync($"/api/v1/events/{Guid.NewGuid()}/queue/status")).AssertProblem(HttpStatusCode.NotFound, "waiting_room_not_found");
    }

    [Fact]
    public async Task AnAdmittedFanGetsAnAdmissionTokenThatHoldsSeats()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var fan = api.NewUser();
        var joined = await api.JoinAsync(eventId, fan);

        (await api.HoldWithAdmissionAsync(eventId, fan, null)).AssertProblem(HttpStatusCode.Forbidden, "admission_required");
        await api.Server.Services.GetRequiredService<IWaitingRoom>().AdmitAsync(eventId, 1);
        ApiResponse? admitted = null;
        await Eventually.HoldsAsync(async () =>
        {
            admitted = await api.PollAsync(eventId, joined.String("queue_token"));
            return admitted.String("status") == "admitted";
        });
        var held = await api.HoldWithAdmissionAsync(eventId, fan, admitted!.String("admission_token"));

        Assert.True(admitted.Body.GetProperty("admission_expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Created, held.Status);
    }

    [Fact]
    public async Task ACommitEndsTheBuyersAdmissionAndFreesItsPlace()
    {
        var (eventId, fan, fanId, room, admission) = await AdmittedFanAsync();
        var held = await api.HoldWithAdmissionAsync(eventId, fan, admission);
        Assert.Equal(1, (await room.GetStateAsync(eventId))!.Active);

        var committed = await api.PostAsync($"/api/v1/reservations/{held.String("reservation_id")}/commit",
            new { payment_token = "tok_visa", idempotency_key = Guid.NewGuid().ToString() }, fan);

        Assert.Equal(HttpStatusCode.OK, committed.Status);
        Assert.IsType<QueuePlace.NotQueued>(await room.GetPlaceAsync(eventId, fanId));
        Assert.Equal(0, (await room.GetStateAsync(eventId))!.Active);
    }

    [Fact]
    public async Task AnAdmissionTokenStopsStartingHoldsOnceItsAdmissionEndedThoughNotYetExpired()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var fan = api.NewUser();
        await api.JoinAsync(eventId, fan);
        var room = api.Server.Services.GetRequiredService<IWaitingRoom>();
        await room.AdmitAsync(eventId, 1);
        var tokens = api.Server.Services.GetRequiredService<Ticketing.Api.Features.WaitingRoom.QueueTokens>();
        var admission = tokens.IssueAdmissionToken(fan.Id, eventId, DateTimeOffset.UtcNow.AddMinutes(5));
        var held = await api.HoldWithAdmissionAsync(eventId, fan, admission, "FLOOR-A-1");
        var committed = await api.PostAsync($"/api/v1/reservations/{held.String("reservation_id")}/commit",
            new { payment_token = "tok_visa", idempotency_key = Guid.NewGuid().ToString() }, fan);
        Assert.Equal(HttpStatusCode.OK, committed.Status);

        var picked = await api.HoldWithAdmissionAsync(eventId, fan, admission, "FLOOR-A-2");
        var best = await api.HoldWithAdmissionAsync(eventId, fan, admission,
            body: new { client_reservation_id = Guid.NewGuid(), best_available = new { quantity = 1 } });

        picked.AssertProblem(HttpStatusCode.Forbidden, "admission_required");
        best.AssertProblem(HttpStatusCode.Forbidden, "admission_required");
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-2"]);

        // Joining again and being admitted again lets the fan buy again.
        await api.JoinAsync(eventId, fan);
        await room.AdmitAsync(eventId, 1);
        Assert.Equal(HttpStatusCode.Created, (await api.HoldWithAdmissionAsync(eventId, fan, admission, "FLOOR-A-2")).Status);
    }

    [Fact]
    public async Task AnAdmissionSweptOrEndedWithoutACommitAlsoStopsNewHolds()
    {
        var (eventId, fan, fanId, room, admission) = await AdmittedFanAsync();
        Assert.Equal(HttpStatusCode.Created, (await api.HoldWithAdmissionAsync(eventId, fan, admission, "FLOOR-A-1")).Status);

        // What the sweep does to an admission past its expiry, here while the token still looks valid.
        await room.EndAdmissionAsync(eventId, fanId);

        (await api.HoldWithAdmissionAsync(eventId, fan, admission, "FLOOR-A-2")).AssertProblem(HttpStatusCode.Forbidden, "admission_required");
    }

    [Fact]
    public async Task ForgedOrForeignQueueTokensAnswer403()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var otherEventId = await api.CreateEventBehindRoomAsync();
        var joined = await api.JoinAsync(eventId, api.NewUser());
        var token = joined.String("queue_token");

        (await api.PollAsync(otherEventId, token)).AssertProblem(HttpStatusCode.Forbidden, "invalid_queue_token");
        (await api.PollAsync(eventId, token[..^4] + "AAAA")).AssertProblem(HttpStatusCode.Forbidden, "invalid_queue_token");
        (await api.PollAsync(eventId, "not-a-token")).AssertProblem(HttpStatusCode.Forbidden, "invalid_queue_token");
    }

    [Fact]
    public async Task EventsWithoutARoomNeedNoAdmissionAndTakeNoJoins()
    {
        var eventId = await api.CreateEventAsync();
        var fan = api.NewUser();

        Assert.Equal(HttpStatusCode.Created, (await api.HoldWithAdmissionAsync(eventId, fan, null)).Status);
        (await api.JoinAsync(eventId, fan)).AssertProblem(HttpStatusCode.NotFound, "waiting_room_not_found");
    }

    [Fact]
    public async Task TurningTheRoomOffLiftsTheGate()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var fan = api.NewUser();
        (await api.HoldWithAdmissionAsync(eventId, fan, null)).AssertProblem(HttpStatusCode.Forbidden, "admission_required");

        await api.ConfigureRoomAsync(eventId, new { enabled = false, admit_per_second = 5 });

        Assert.Equal(HttpStatusCode.Created, (await api.HoldWithAdmissionAsync(eventId, fan, null)).Status);
    }

    // An event behind its room, one fan who joined and was admitted, and that fan's admission token.
    private async Task<(string EventId, TestUser Fan, string FanId, IWaitingRoom Room, string Admission)> AdmittedFanAsync()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var fan = api.NewUser();
        var fanId = (await api.JoinAsync(eventId, fan)).String("fan_id");
        var room = api.Server.Services.GetRequiredService<IWaitingRoom>();
        await room.AdmitAsync(eventId, 1);
        var admission = api.Server.Services.GetRequiredService<Ticketing.Api.Features.WaitingRoom.QueueTokens>()
            .IssueAdmissionToken(fan.Id, eventId, DateTimeOffset.UtcNow.AddMinutes(5));
        return (eventId, fan, fanId, room, admission);
    }
}
