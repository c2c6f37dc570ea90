using System.Security.Cryptography;
using System.Text;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Scripts.Tests.WaitingRoom;

/// <summary>The shuffle's statistics, on the pure functions the room runs at the open (WaitingRoomTests proves the room runs exactly these).</summary>
public sealed class ShuffleUniformityTests
{
    [Fact]
    public void EveryFanIsEquallyLikelyToDrawEveryPlace()
    {
        // Seeds derived from a counter make the test repeatable: a uniform shuffle passes it
        // every time, a biased one fails every time.
        const int fans = 5, shuffles = 4_000;
        var ids = Enumerable.Range(1, fans).Select(i => FairShuffle.PseudonymousId("k"u8, "event", $"user-{i}")).ToArray();
        var counts = new int[fans, fans];
        for (var shuffle = 0; shuffle < shuffles; shuffle++)
        {
            var seed = SHA256.HashData(Encoding.UTF8.GetBytes($"seed-{shuffle}"));
            var order = FairShuffle.Order(seed, ids);
            for (var place = 0; place < fans; place++)
            {
                counts[Array.IndexOf(ids, order[place].FanId), place]++;
            }
        }

        var expected = (double)shuffles / fans;
        var chiSquare = 0.0;
        foreach (var observed in counts)
        {
            chiSquare += (observed - expected) * (observed - expected) / expected;
        }

        // 16 degrees of freedom: 39.25 is the 0.1% critical value.
        Assert.True(chiSquare < 39.25, $"chi-square {chiSquare:F1}");
    }

    [Fact]
    public void TheMembershipCommitmentIgnoresArrivalOrderButNotMembership()
    {
        string[] members = ["b", "a", "c"];
        Assert.Equal(FairShuffle.MembershipCommitment(members), FairShuffle.MembershipCommitment(["c", "b", "a"]));
        Assert.NotEqual(FairShuffle.MembershipCommitment(members), FairShuffle.MembershipCommitment(["a", "b"]));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("a\nb\nc\n"u8)), FairShuffle.MembershipCommitment(members));
    }

    [Fact]
    public void PseudonymousIdsAreShortAndDifferPerEvent()
    {
        var id = FairShuffle.PseudonymousId("secret"u8, "event-1", "user-1");
        Assert.Equal(22, id.Length);
        Assert.NotEqual(id, FairShuffle.PseudonymousId("secret"u8, "event-2", "user-1"));
        Assert.Equal(id, FairShuffle.PseudonymousId("secret"u8, "event-1", "user-1"));
    }
}
