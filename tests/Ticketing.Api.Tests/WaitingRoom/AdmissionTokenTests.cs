using System.Net;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Features.WaitingRoom;
using Ticketing.Api.Tests.Support;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Tests.WaitingRoom;

/// <summary>Every misuse of an admission token answers 403 <c>admission_required</c>, and changes nothing.</summary>
public sealed class AdmissionTokenTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private QueueTokens Tokens => api.Server.Services.GetRequiredService<QueueTokens>();

    [Fact]
    public async Task AHoldWithoutATokenAnswers403()
    {
        var eventId = await api.CreateEventBehindRoomAsync();

        await AssertRefusedAsync(eventId, api.NewUser(), null);
    }

    [Fact]
    public async Task AForgedTokenAnswers403()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var fan = api.NewUser();
        var genuine = Tokens.IssueAdmissionToken(fan.Id, eventId, DateTimeOffset.UtcNow.AddMinutes(5));

        await AssertRefusedAsync(eventId, fan, genuine[..^6] + "AAAAAA");
        await AssertRefusedAsync(eventId, fan, "garbage");
        // A bearer token is signed by the process key, but it is no admission.
        await AssertRefusedAsync(eventId, fan, fan.Token);
    }

    [Fact]
    public async Task AnExpiredTokenAnswers403()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var fan = api.NewUser();

        await AssertRefusedAsync(eventId, fan, Tokens.IssueAdmissionToken(fan.Id, eventId, DateTimeOffset.UtcNow.AddSeconds(-1)));
    }

    [Fact]
    public async Task AnotherUsersTokenAnswers403()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var owner = api.NewUser();

        await AssertRefusedAsync(eventId, api.NewUser(), Tokens.IssueAdmissionToken(owner.Id, eventId, DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    [Fact]
    public async Task AnotherEventsTokenAnswers403()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var fan = api.NewUser();

        await AssertRefusedAsync(eventId, fan, Tokens.IssueAdmissionToken(fan.Id, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    [Fact]
    public async Task AQueueTokenIsNoAdmission()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var fan = api.NewUser();
        var joined = await api.JoinAsync(eventId, fan);

        await AssertRefusedAsync(eventId, fan, joined.String("queue_token"));
    }

    [Fact]
    public async Task EveryReservationRouteThatNamesAnEventIsGated()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var fan = api.NewUser();
        var routes = api.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<ITagsMetadata>()?.Tags.Contains("Reservations") == true
                && endpoint.RoutePattern.RawText!.Contains("{eventId}", StringComparison.Ordinal))
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => (Method: method, Path: "/" + endpoint.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();

        Assert.Contains(("POST", "/api/v1/events/{eventId}/reservations"), routes);
        foreach (var (method, path) in routes)
        {
            var answer = await api.SendAsync(new HttpMethod(method), path.Replace("{eventId}", eventId, StringComparison.Ordinal), fan,
                method is "POST" or "PUT" or "PATCH" ? new { client_reservation_id = Guid.NewGuid(), seat_ids = new[] { "FLOOR-A-1" } } : null);
            answer.AssertProblem(HttpStatusCode.Forbidden, "admission_required");
        }
    }

    [Fact]
    public async Task AWellSignedTokenOfAFanTheRoomNeverAdmittedHoldsNothing()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var fan = api.NewUser();
        await api.JoinAsync(eventId, fan);

        await AssertRefusedAsync(eventId, fan, Tokens.IssueAdmissionToken(fan.Id, eventId, DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    [Fact]
    public async Task AGenuineTokenOfAnAdmittedFanHolds()
    {
        var eventId = await api.CreateEventBehindRoomAsync();
        var fan = api.NewUser();
        await api.JoinAsync(eventId, fan);
        await api.Server.Services.GetRequiredService<IWaitingRoom>().AdmitAsync(eventId, 1);

        var held = await api.HoldWithAdmissionAsync(eventId, fan, Tokens.IssueAdmissionToken(fan.Id, eventId, DateTimeOffset.UtcNow.AddMinutes(5)));

        Assert.Equal(HttpStatusCode.Created, held.Status);
    }

    private async Task AssertRefusedAsync(string eventId, TestUser fan, string? token)
    {
        (await api.HoldWithAdmissionAsync(eventId, fan, token)).AssertProblem(HttpStatusCode.Forbidden, "admission_required");
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
    }
}
