using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.WaitingRoom;
using Ticketing.Persistence.WaitingRooms;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Tests.WaitingRoom;

/// <summary>When a pre-queue fan is told to look again: after the open, spread by the pre-queue's size.</summary>
public sealed class PreQueuePacingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ASmallPreQueueLooksWithinFourSecondsOfTheOpen()
    {
        var looks = PollsAfter(preQueue: 300, untilOpen: 8).Select(seconds => seconds - 8);

        Assert.All(looks, look => Assert.InRange(look, 1, 4));
    }

    [Fact]
    public void FortyThousandFansSpreadTheirFirstLooksOverTenSeconds()
    {
        var looks = PollsAfter(preQueue: 40_000, untilOpen: 8).Select(seconds => seconds - 8).ToList();

        Assert.All(looks, look => Assert.InRange(look, 1, 10));
        // About as many look in each second of the spread: no burst at its start.
        Assert.All(looks.CountBy(look => look), second => Assert.InRange(second.Value, 50, 160));
    }

    [Fact]
    public void AFanFarFromTheOpenLooksAfterTheLongestInterval()
    {
        Assert.All(PollsAfter(preQueue: 40_000, untilOpen: 600), seconds => Assert.Equal(15, seconds));
    }

    // The poll_after_seconds of 1,000 answers to fans of a pre-queue of this size.
    private static int[] PollsAfter(long preQueue, int untilOpen)
    {
        var options = Options.Create(new WaitingRoomOptions());
        var auth = Options.Create(new AuthOptions { SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)) });
        var answers = new QueueAnswers(new QueueTokens(new JwtSigningKey(auth), auth, options, TimeProvider.System), options);
        var opensAt = Now.AddSeconds(untilOpen);
        var room = new RoomView(
            new WaitingRoomRecord(Guid.NewGuid(), true, 100, 600, 1000, opensAt, 120, 250, false),
            new RoomState(RoomPhase.PreQueue, 0, 1, 0, preQueue, 0, 0, 0, 1000, 100, false, opensAt,
                TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2), Now),
            0);
        return [.. Enumerable.Range(0, 1000).Select(_ => answers.InPreQueue(room).PollAfterSeconds!.Value)];
    }
}
