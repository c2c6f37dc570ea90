using System.Security.Cryptography;
using System.Text;

namespace Ticketing.Scripts.WaitingRoom;

/// <summary>
/// The verifiable shuffle of a pre-queue, as pure functions anyone can run (the service, a test, a
/// fan's own script):
/// <list type="number">
/// <item>before the pre-queue opens, the service publishes <see cref="SeedCommitment"/> of a secret
/// random seed;</item>
/// <item>at the open it closes the pre-queue and commits its membership
/// (<see cref="MembershipCommitment"/>), then reveals the seed;</item>
/// <item>each member's rank key is <see cref="RankKey"/> = HMAC-SHA256(seed, pseudonymous id), and
/// the members take queue numbers 1..n in ascending order of their rank keys (<see cref="Order"/>).</item>
/// </list>
/// The seed cannot be chosen after the membership is known (its hash was published first), and the
/// membership cannot change after the seed is known (it was committed first). A fan who knows their
/// pseudonymous id recomputes their rank key and finds their place in the published list.
/// </summary>
public static class FairShuffle
{
    /// <summary>Length of a seed, in bytes.</summary>
    public const int SeedLength = 32;

    /// <summary>Length of a rank key, in bytes (an HMAC-SHA256).</summary>
    public const int RankKeyLength = 32;

    /// <summary>The recipe published with the fairness record.</summary>
    public const string Recipe =
        "seed_commitment = hex(SHA-256(seed bytes)). " +
        "membership_commitment = hex(SHA-256(the members' pseudonymous ids as UTF-8, sorted by byte order, each followed by one LF byte)). " +
        "rank_key(id) = hex(HMAC-SHA256(key = seed bytes, message = UTF-8 of id)). " +
        "The pre-queue's members hold queue numbers 1..n in ascending byte order of their rank keys; " +
        "fans who joined after the open follow in the order they joined.";

    /// <summary>A new secret seed.</summary>
    public static byte[] NewSeed() => RandomNumberGenerator.GetBytes(SeedLength);

    /// <summary>SHA-256 of the seed, lower-case hex: published before the seed.</summary>
    public static string SeedCommitment(ReadOnlySpan<byte> seed) => Convert.ToHexStringLower(SHA256.HashData(seed));

    /// <summary>
    /// SHA-256 over the members in canonical order: their UTF-8 bytes sorted in byte order, each
    /// followed by a line feed (ids never contain one). Lower-case hex.
    /// </summary>
    public static string MembershipCommitment(IEnumerable<string> fanIds)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var id in fanIds.Select(Encoding.UTF8.GetBytes).Order(ByteOrder.Instance))
        {
            hash.AppendData(id);
            hash.AppendData("\n"u8);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A member's rank key: HMAC-SHA256 keyed by the seed over the member's pseudonymous id.</summary>
    public static byte[] RankKey(ReadOnlySpan<byte> seed, string fanId) => HMACSHA256.HashData(seed, Encoding.UTF8.GetBytes(fanId));

    /// <summary>The members in queue order: ascending rank keys (distinct ids give distinct keys but for a SHA-256 collision).</summary>
    public static IReadOnlyList<RankedFan> Order(ReadOnlySpan<byte> seed, IEnumerable<string> fanIds)
    {
        var key = seed.ToArray();
        return [.. fanIds.Select(id => new RankedFan(id, RankKey(key, id))).OrderBy(fan => fan.RankKey, ByteOrder.Instance)];
    }

    /// <summary>
    /// The queue number a fan drew, recomputed from the published record alone: the position of
    /// their rank key in the published list, plus the first number; null when it is not there.
    /// </summary>
    public static long? QueueNumberOf(FairnessRecord record, string fanId)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Seed is null)
        {
            return null;
        }

        var mine = Convert.ToHexStringLower(RankKey(Convert.FromHexString(record.Seed), fanId));
        var index = record.RankKeys.ToList().IndexOf(mine);
        return index < 0 ? null : record.FirstQueueNumber + index;
    }

    /// <summary>
    /// Checks what anyone can check without the members' ids: the revealed seed matches its
    /// commitment, and the published rank keys are in strictly ascending order.
    /// </summary>
    public static bool IsConsistent(FairnessRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Seed is null || record.SeedCommitment is null
            || SeedCommitment(Convert.FromHexString(record.Seed)) != record.SeedCommitment)
        {
            return false;
        }

        return record.RankKeys.Zip(record.RankKeys.Skip(1)).All(pair => string.CompareOrdinal(pair.First, pair.Second) < 0);
    }

    /// <summary>
    /// A fan's pseudonymous id in one event: the first 16 bytes of HMAC-SHA256(secret, event id, LF,
    /// user id), base64url (22 characters). Short on purpose: it is what Redis stores per waiting
    /// fan. It reveals nothing of the user without the service's secret, and differs per event.
    /// </summary>
    public static string PseudonymousId(ReadOnlySpan<byte> secret, string eventId, string userId)
    {
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(eventId + "\n" + userId));
        return Convert.ToBase64String(mac, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}

/// <summary>A pre-queue member with its rank key.</summary>
public sealed record RankedFan(string FanId, byte[] RankKey);
