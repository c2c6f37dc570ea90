using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Tests.Support;
using Ticketing.Scripts.WaitingRoom;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.WaitingRoom;

/// <summary>The pre-queue's order, recomputed from outside with nothing but the published answers and SHA-256.</summary>
public sealed class FairnessTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int Fans = 6;

    [Fact]
    public async Task AnyoneCanRecomputeThePreQueuesOrderFromTheFairnessAnswer()
    {
        var eventId = await api.CreateEventAsync();
        // Time enough for every fan to join before the open, on a slow machine too.
        var opensAt = DateTimeOffset.UtcNow.AddSeconds(6);
        var configured = await api.ConfigureRoomAsync(eventId, new { enabled = true, admit_per_second = 10, opens_at = opensAt });
        Assert.Equal("prequeue", configured.String("phase"));
        var seedCommitment = configured.String("seed_commitment");
        await Eventually.HoldsAsync(async () => (await api.GetAsync($"/api/v1/events/{eventId}/queue/status")).Status == HttpStatusCode.OK);

        var joins = new List<ApiResponse>();
        for (var i = 0; i < Fans; i++)
        {
            joins.Add(await api.JoinAsync(eventId, api.NewUser()));
        }

        // No place before the open: it is drawn then.
        Assert.All(joins, join => Assert.False(join.Body.TryGetProperty("position", out _)));
        var before = await api.GetAsync($"/api/v1/events/{eventId}/queue/fairness");
        Assert.Equal(seedCommitment, before.String("seed_commitment"));
        Assert.False(before.Body.TryGetProperty("seed", out _));

        // The admission job opens the room at opens_at; here the test plays it.
        var room = api.Server.Services.GetRequiredService<IWaitingRoom>();
        await Eventually.HoldsAsync(async () => await room.OpenAsync(eventId) is OpenOutcome.Opened or OpenOutcome.AlreadyOpen);
        var fairness = await api.GetAsync($"/api/v1/events/{eventId}/queue/fairness");

        var seed = Convert.FromHexString(fairness.String("seed"));
        Assert.Equal(seedCommitment, Convert.ToHexStringLower(SHA256.HashData(seed)));
        var fanIds = joins.Select(join => join.String("fan_id")).ToList();
        var canonical = string.Concat(fanIds.Order(StringComparer.Ordinal).Select(id => id + "\n"));
        Assert.Equal(fairness.String("membership_commitment"), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var rankKeys = fanIds.ToDictionary(id => id, id => Convert.ToHexStringLower(HMACSHA256.HashData(seed, Encoding.UTF8.GetBytes(id))));
        var published = fairness.Strings("rank_keys");
        Assert.Equal(rankKeys.Values.Order(StringComparer.Ordinal), published);
        Assert.Equal(Fans, fairness.Body.GetProperty("members").GetInt64());

        // Each fan finds their own key at the place the room gives them.
        foreach (var join in joins)
        {
            ApiResponse? poll = null;
            await Eventually.HoldsAsync(async () =>
            {
                poll = await api.PollAsync(eventId, join.String("queue_token"));
                return poll.Body.TryGetProperty("position", out _);
            });
            var expected = published.ToList().IndexOf(rankKeys[join.String("fan_id")]) + 1;
            Assert.Equal(expected, poll!.Body.GetProperty("position").GetInt64());
            Assert.False(string.IsNullOrEmpty(poll.String("queue_token")));
        }
    }
}
