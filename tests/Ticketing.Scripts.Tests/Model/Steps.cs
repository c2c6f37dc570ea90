using FsCheck;
using FsCheck.Fluent;

namespace Ticketing.Scripts.Tests.Model;

/// <summary>One step of a random session against the engine and the model.</summary>
public abstract record Step;

/// <summary>Hold seats; <paramref name="ClientId"/> repeats now and then, so replays happen.</summary>
public sealed record HoldStep(string User, IReadOnlyList<string> Seats, int TtlSeconds, int ClientId) : Step
{
    public override string ToString() => $"Hold({User}, [{string.Join(",", Seats)}], ttl {TtlSeconds}, c{ClientId})";
}

/// <summary>Steps on the n-th hold made so far (modulo their count); skipped before the first hold.</summary>
public abstract record HoldRefStep(int Hold) : Step;

public sealed record ExtendStep(int Hold, bool ByOwner, int Seconds) : HoldRefStep(Hold);

public sealed record ReleaseStep(int Hold, bool ByOwner) : HoldRefStep(Hold);

public sealed record BeginPaymentStep(int Hold, string Key, int WindowSeconds) : HoldRefStep(Hold);

/// <summary>Commit with the fence of the last begin-payment, or with an older one.</summary>
public sealed record CommitStep(int Hold, string Key, bool StaleFence) : HoldRefStep(Hold);

public sealed record AbandonPaymentStep(int Hold, bool StaleFence) : HoldRefStep(Hold);

/// <summary>Refund the whole order of the n-th hold (nothing to refund unless it was committed).</summary>
public sealed record RefundStep(int Hold) : HoldRefStep(Hold);

public sealed record SweepStep : Step;

/// <summary>Block seats (production holds, kills), all or none.</summary>
public sealed record BlockStep(IReadOnlyList<string> Seats) : Step
{
    public override string ToString() => $"Block([{string.Join(",", Seats)}])";
}

/// <summary>Lift the n-th block made so far (modulo their count); skipped before the first block.</summary>
public sealed record UnblockStep(int Block) : Step;

/// <summary>Moves time; always whole tens of seconds, like every TTL and window (see the model).</summary>
public sealed record AdvanceStep(int Seconds) : Step;

/// <summary>Generators of sessions over a 6-seat row, 3 users, holds of up to 3 seats, 4 tickets per user.</summary>
public static class Sessions
{
    public static readonly string[] Seats = ["S-1-1", "S-1-2", "S-1-3", "S-1-4", "S-1-5", "S-1-6"];

    private static readonly Gen<string> Users = Gen.Elements("u1", "u2", "u3");
    private static readonly Gen<int> HoldRef = Gen.Choose(0, 7);

    private static readonly Gen<Step> Hold =
        from user in Users
        from count in Gen.Choose(1, 4)
        from seats in Gen.Shuffle(Seats)
        from ttl in Gen.Elements(10, 20, 30, 3)
        from clientId in Gen.Choose(0, 5)
        select (Step)new HoldStep(user, seats.Take(count).ToArray(), ttl, clientId);

    private static readonly Gen<Step> Extend =
        from hold in HoldRef
        from byOwner in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        from seconds in Gen.Elements(10, 20)
        select (Step)new ExtendStep(hold, byOwner, seconds);

    private static readonly Gen<Step> Release =
        from hold in HoldRef
        from byOwner in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        select (Step)new ReleaseStep(hold, byOwner);

    private static readonly Gen<Step> Begin =
        from hold in HoldRef
        from key in Gen.Elements("k1", "k2")
        from window in Gen.Elements(10, 30)
        select (Step)new BeginPaymentStep(hold, key, window);

    private static readonly Gen<Step> Commit =
        from hold in HoldRef
        from key in Gen.Elements("k1", "k2")
        from stale in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select (Step)new CommitStep(hold, key, stale);

    private static readonly Gen<Step> Abandon =
        from hold in HoldRef
        from stale in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select (Step)new AbandonPaymentStep(hold, stale);

    private static readonly Gen<Step> Block =
        from count in Gen.Choose(1, 2)
        from seats in Gen.Shuffle(Seats)
        select (Step)new BlockStep(seats.Take(count).ToArray());

    private static readonly Gen<Step> Unblock = Gen.Choose(0, 3).Select(block => (Step)new UnblockStep(block));

    private static readonly Gen<Step> Refund = HoldRef.Select(hold => (Step)new RefundStep(hold));

    private static readonly Gen<Step> Advance = Gen.Elements(0, 10, 20, 30).Select(seconds => (Step)new AdvanceStep(seconds));

    private static readonly Gen<Step> AnyStep = Gen.Frequency(
        (6, Hold), (2, Extend), (2, Release), (3, Begin), (3, Commit), (1, Abandon), (1, Gen.Constant<Step>(new SweepStep())), (3, Advance),
        (1, Block), (1, Unblock), (2, Refund));

    public static Arbitrary<Step[]> Arbitrary { get; } =
        Gen.Choose(5, 40).SelectMany(length => AnyStep.ArrayOf(length)).ToArbitrary();
}
