using System.Net;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.WaitingRoom;

/// <summary>An Api of its own with small join budgets: every test client shares the loopback address.</summary>
public sealed class JoinLimitTests : IAsyncLifetime
{
    private ApiFixture _api = null!;

    public async Task InitializeAsync() => _api = await ApiFixture.StartAsync(new Dictionary<string, string>
    {
        ["WaitingRoom:JoinsPerUser"] = "2",
        ["WaitingRoom:JoinsPerAddress"] = "4",
    });

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task JoinsPastAUsersOrAnAddresssBudgetAnswer429WithRetryAfterAndKeepThePlace()
    {
        var eventId = await _api.CreateEventBehindRoomAsync();
        var alice = _api.NewUser();
        var bob = _api.NewUser();
        var carol = _api.NewUser();

        var first = await _api.JoinAsync(eventId, alice);
        var again = await _api.JoinAsync(eventId, alice);
        var tooMany = await _api.JoinAsync(eventId, alice);
        var otherUser = await _api.JoinAsync(eventId, bob);
        var addressSpent = await _api.JoinAsync(eventId, carol);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(first.Body.GetProperty("position").GetInt64(), again.Body.GetProperty("position").GetInt64());
        tooMany.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(tooMany.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Created, otherUser.Status);
        addressSpent.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }
}
