using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Execution;

namespace Ticketing.Scripts.WaitingRoom;

/// <summary>
/// The waiting room over Redis: one typed wrapper per Lua script (Lua/room_*.lua), run by SHA through
/// the engine's script runner. Thread-safe; register one per process.
/// </summary>
public sealed class RedisWaitingRoom : IWaitingRoom
{
    private const int MaxFanIdLength = 64;
    private const int PreQueuePage = 10_000;

    // Fans per room_stage run: each run of the open stays short however large the pre-queue
    // (10,000 fans a run held Redis for 40-115 ms; the sale's first holds waited behind them).
    private const int OrderPage = 2_000;

    // Fans per room_touch run (see TouchAsync).
    private const int TouchRunSize = 500;

    private readonly IConnectionMultiplexer _redis;
    private readonly ScriptRunner _runner;

    // The joins in flight per event (JoinBatch); an entry is a few dozen bytes, kept for the process's life.
    private readonly ConcurrentDictionary<string, JoinBatch> _joins = new(StringComparer.Ordinal);

    /// <summary>Creates the room over the engine's shared connection.</summary>
    public RedisWaitingRoom(IConnectionMultiplexer redis)
        : this(redis, static () => TimeSpan.Zero)
    {
    }

    /// <summary>For tests only: <paramref name="clockOffset"/> is added to Redis TIME inside every script.</summary>
    internal RedisWaitingRoom(IConnectionMultiplexer redis, Func<TimeSpan> clockOffset)
    {
        _redis = redis;
        _runner = new ScriptRunner(redis, clockOffset);
    }

    /// <inheritdoc />
    public async Task<RoomConfigured> ConfigureAsync(string eventId, WaitingRoomSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var seed = FairShuffle.NewSeed();
        var reply = await RunAsync(WaitingRoomScripts.Configure, eventId,
            settings.MaxActive, settings.AdmitPerSecond, (long)settings.AdmissionTtl.TotalMilliseconds,
            (long)settings.AbandonAfter.TotalMilliseconds, settings.OpensAt?.ToUnixTimeMilliseconds() ?? 0,
            settings.Paused ? 1 : 0, Convert.ToHexStringLower(seed), FairShuffle.SeedCommitment(seed)).ConfigureAwait(false);
        if (reply.Status != "configured")
        {
            throw reply.Unexpected();
        }

        var commitment = reply.String(2);
        return new RoomConfigured(ParsePhase(reply, 1), commitment.Length == 0 ? null : commitment);
    }

    /// <inheritdoc />
    public async Task<QueuePlace> JoinAsync(string eventId, string fanId, CancellationToken cancellationToken = default)
    {
        CheckedFan(fanId);
        var batch = _joins.GetOrAdd(eventId, static (id, room) => new JoinBatch(fans => room.JoinTogetherAsync(id, fans)), this);
        return await batch.JoinAsync(fanId).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<QueuePlace> GetPlaceAsync(string eventId, string fanId, CancellationToken cancellationToken = default) =>
        ToPlace(await RunAsync(WaitingRoomScripts.Position, eventId, CheckedFan(fanId)).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<AdmitOutcome> AdmitAsync(string eventId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var reply = await RunAsync(WaitingRoomScripts.Admit, eventId, count).ConfigureAwait(false);
        switch (reply.Status)
        {
            case "paused":
                return new AdmitOutcome.Paused();
            case "not_open":
                return new AdmitOutcome.NotOpen();
            case "no_room":
                return new AdmitOutcome.NoRoom();
            case "admitted":
                var fans = new List<AdmittedFan>((reply.Count - 4) / 2);
                for (var i = 4; i + 1 < reply.Count; i += 2)
                {
                    fans.Add(new AdmittedFan(reply.String(i), reply.Long(i + 1)));
                }

                return new AdmitOutcome.Admitted(fans, Time(reply.Long(1)), ParseLimit(reply), reply.Long(3));
            default:
                throw reply.Unexpected();
        }
    }

    /// <inheritdoc />
    public async Task<LeaveOutcome> LeaveAsync(string eventId, string fanId, CancellationToken cancellationToken = default)
    {
        var reply = await RunAsync(WaitingRoomScripts.Leave, eventId, CheckedFan(fanId)).ConfigureAwait(false);
        return reply.Status switch
        {
            "left" => LeaveOutcome.Left,
            "not_queued" => LeaveOutcome.NotQueued,
            "try_again" => LeaveOutcome.TryAgain,
            "no_room" => LeaveOutcome.NoRoom,
            _ => throw reply.Unexpected(),
        };
    }

    /// <inheritdoc />
    public async Task<int> TouchAsync(string eventId, IReadOnlyCollection<string> fanIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fanIds);
        if (fanIds.Count == 0)
        {
            return 0;
        }

        // In runs of a few hundred fans, sent together: Redis runs each one whole, so one run of the
        // 5,000 fans a busy process marks in a flush held every other client for 25-75 ms.
        var runs = await Task.WhenAll(fanIds.Select(CheckedFan).Chunk(TouchRunSize)
            .Select(fans => RunAsync(WaitingRoomScripts.Touch, eventId, fans))).ConfigureAwait(false);
        return runs.Sum(reply => reply.Status == "touched" ? (int)reply.Long(1) : throw reply.Unexpected());
    }

    /// <inheritdoc />
    public async Task<SweepResult> SweepAsync(string eventId, int maxQueueNumbers = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueueNumbers, 1);
        var reply = await RunAsync(WaitingRoomScripts.Expire, eventId, maxQueueNumbers).ConfigureAwait(false);
        return reply.Status switch
        {
            "expired" => new SweepResult((int)reply.Long(1), (int)reply.Long(2), (int)reply.Long(3)),
            "no_room" => new SweepResult(0, 0, 0),
            _ => throw reply.Unexpected(),
        };
    }

    /// <inheritdoc />
    public async Task<bool> EndAdmissionAsync(string eventId, string fanId, CancellationToken cancellationToken = default)
    {
        var reply = await RunAsync(WaitingRoomScripts.EndAdmission, eventId, CheckedFan(fanId)).ConfigureAwait(false);
        return reply.Status switch
        {
            "ended" => true,
            "not_admitted" => false,
            _ => throw reply.Unexpected(),
        };
    }

    /// <inheritdoc />
    public async Task<OpenOutcome> OpenAsync(string eventId, CancellationToken cancellationToken = default)
    {
        // Step 1, its own run: after it no fan can enter the pre-queue, so the membership read
        // below is final before anyone outside can learn the seed.
        var closed = await RunAsync(WaitingRoomScripts.Close, eventId).ConfigureAwait(false);
        switch (closed.Status)
        {
            case "open":
                return new OpenOutcome.AlreadyOpen();
            case "not_yet":
                return new OpenOutcome.NotYet(Time(closed.Long(1)));
            case "no_room":
                return new OpenOutcome.NoRoom();
            case not "closed":
                throw closed.Unexpected();
        }

        var members = await ReadPreQueueAsync(eventId, closed.Long(1)).ConfigureAwait(false);
        var seed = Convert.FromHexString(closed.String(2));
        var ordered = FairShuffle.Order(seed, members);
        var rankKeys = new byte[ordered.Count * FairShuffle.RankKeyLength];
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].RankKey.CopyTo(rankKeys, i * FairShuffle.RankKeyLength);
        }

        // Step 2, a page per run out of readers' sight; then steps 3 and 4 in one run: commitment,
        // reveal and order are seen together or not at all.
        for (var first = 0; first < ordered.Count; first += OrderPage)
        {
            if (await StageAsync(eventId, first + 1, ordered.Skip(first).Take(OrderPage).Select(fan => fan.FanId).ToList()).ConfigureAwait(false) is { } done)
            {
                return done;
            }
        }

        var reply = await RunAsync(WaitingRoomScripts.Order, eventId, FairShuffle.MembershipCommitment(members), rankKeys).ConfigureAwait(false);
        return reply.Status switch
        {
            "opened" => new OpenOutcome.Opened((int)reply.Long(1)),
            "open" => new OpenOutcome.AlreadyOpen(),
            _ => throw reply.Unexpected(),
        };
    }

    /// <summary>
    /// Stages one page of the pre-queue's order (queue numbers from <paramref name="firstQueueNumber"/>);
    /// null when staged, or the outcome that ends the open (another process published it first).
    /// </summary>
    internal async Task<OpenOutcome?> StageAsync(string eventId, long firstQueueNumber, IReadOnlyList<string> fans)
    {
        var reply = await RunAsync(WaitingRoomScripts.Stage, eventId, [firstQueueNumber, .. fans.Select(fan => (RedisValue)fan)]).ConfigureAwait(false);
        return reply.Status switch
        {
            "staged" => null,
            "open" => new OpenOutcome.AlreadyOpen(),
            _ => throw reply.Unexpected(),
        };
    }

    /// <inheritdoc />
    public async Task<RoomState?> GetStateAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var reply = await RunAsync(WaitingRoomScripts.State, eventId).ConfigureAwait(false);
        if (reply.Status == "no_room")
        {
            return null;
        }

        return reply.Status != "state" ? throw reply.Unexpected() : new RoomState(
            ParsePhase(reply, 1),
            Serving: reply.Long(2),
            NextQueueNumber: reply.Long(3),
            Waiting: reply.Long(4),
            PreQueue: reply.Long(5),
            Active: reply.Long(6),
            AdmittedTotal: reply.Long(7),
            AdmittedLastSecond: reply.Long(8),
            MaxActive: (int)reply.Long(9),
            AdmitPerSecond: (int)reply.Long(10),
            Paused: reply.Long(11) == 1,
            OpensAt: reply.Long(12) > 0 ? Time(reply.Long(12)) : null,
            AdmissionTtl: TimeSpan.FromMilliseconds(reply.Long(14)),
            AbandonAfter: TimeSpan.FromMilliseconds(reply.Long(15)),
            ReadAt: Time(reply.Long(13)));
    }

    /// <inheritdoc />
    public async Task<FairnessRecord?> GetFairnessAsync(string eventId, long firstQueueNumber = 1, int count = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstQueueNumber, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 0);
        var database = _redis.GetDatabase();

        // Plain reads: the open writes these fields and the ranks in one run, and they never change after.
        var room = database.HashGetAsync(WaitingRoomKeys.Room(eventId), ["phase", "seed", "seed_commitment", "membership_commitment", "pre_count"]);
        var start = (firstQueueNumber - 1) * FairShuffle.RankKeyLength;
        var ranks = count == 0
            ? Task.FromResult(RedisValue.EmptyString)
            : database.StringGetRangeAsync(WaitingRoomKeys.Ranks(eventId), start, start + ((long)count * FairShuffle.RankKeyLength) - 1);
        var fields = await room.ConfigureAwait(false);
        if (fields[0].IsNull)
        {
            return null;
        }

        var open = fields[0] == "open";
        var bytes = open ? (byte[]?)await ranks.ConfigureAwait(false) ?? [] : [];
        var keys = Enumerable.Range(0, bytes.Length / FairShuffle.RankKeyLength)
            .Select(i => Convert.ToHexStringLower(bytes.AsSpan(i * FairShuffle.RankKeyLength, FairShuffle.RankKeyLength)))
            .ToList();
        return new FairnessRecord(
            SeedCommitment: fields[2].IsNullOrEmpty ? null : (string?)fields[2],
            MembershipCommitment: open ? (string?)fields[3] : null,
            Seed: open && !fields[1].IsNullOrEmpty ? (string?)fields[1] : null,
            RankKeys: keys,
            FirstQueueNumber: firstQueueNumber,
            Members: open && !fields[4].IsNull ? (long)fields[4] : 0);
    }

    private async Task<List<string>> ReadPreQueueAsync(string eventId, long expected)
    {
        // The pre-queue is closed: nothing adds to or removes from it until it is ordered, so
        // reading it in pages sees one membership.
        var database = _redis.GetDatabase();
        var members = new List<string>((int)expected);
        for (long start = 0; start < expected; start += PreQueuePage)
        {
            var page = await database.SortedSetRangeByRankAsync(WaitingRoomKeys.PreQueue(eventId), start, start + PreQueuePage - 1).ConfigureAwait(false);
            members.AddRange(page.Select(member => (string)member!));
        }

        return members.Count == expected
            ? members
            : throw new InventoryEngineException($"the closed pre-queue of event {eventId} holds {members.Count} fans, not {expected}");
    }

    /// <summary>One <c>room_join</c> run for all of <paramref name="fans"/> (a <see cref="JoinBatch"/>'s run): their places, in order.</summary>
    internal async Task<IReadOnlyList<QueuePlace>> JoinTogetherAsync(string eventId, IReadOnlyList<string> fans)
    {
        var replies = await RunAsync(WaitingRoomScripts.Join, eventId, [.. fans.Select(fan => (RedisValue)fan)]).ConfigureAwait(false);
        if (replies.Count != fans.Count)
        {
            throw replies.Unexpected();
        }

        var places = new QueuePlace[fans.Count];
        for (var i = 0; i < places.Length; i++)
        {
            places[i] = ToPlace(Reply.Of(WaitingRoomScripts.Join, replies.Item(i)));
        }

        return places;
    }

    private async Task<Reply> RunAsync(EngineScript script, string eventId, params RedisValue[] arguments) =>
        Reply.Of(script, await _runner.RunAsync(script, WaitingRoomKeys.ScriptKeys(eventId), arguments).ConfigureAwait(false));

    private static QueuePlace ToPlace(Reply reply) => reply.Status switch
    {
        "waiting" => new QueuePlace.Waiting(reply.Long(1), reply.Long(2)),
        "prequeue" => new QueuePlace.PreQueue(reply.Long(1)),
        "admitted" => new QueuePlace.Admitted(Time(reply.Long(1))),
        "not_queued" => new QueuePlace.NotQueued(),
        "no_room" => new QueuePlace.NoRoom(),
        _ => throw reply.Unexpected(),
    };

    private static RoomPhase ParsePhase(Reply reply, int index) => reply.String(index) switch
    {
        "prequeue" => RoomPhase.PreQueue,
        "closed" => RoomPhase.Closed,
        "open" => RoomPhase.Open,
        _ => throw reply.Unexpected(),
    };

    private static AdmitLimit ParseLimit(Reply reply) => reply.String(2) switch
    {
        "requested" => AdmitLimit.Requested,
        "max_active" => AdmitLimit.MaxActive,
        "admit_per_second" => AdmitLimit.AdmitPerSecond,
        "queue_empty" => AdmitLimit.QueueEmpty,
        _ => throw reply.Unexpected(),
    };

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    private static RedisValue CheckedFan(string fanId)
    {
        ArgumentNullException.ThrowIfNull(fanId);
        if (fanId.Length is 0 or > MaxFanIdLength || !fanId.All(c => c is > ' ' and < (char)127))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"a fan id is 1 to {MaxFanIdLength} printable ASCII characters without spaces"), nameof(fanId));
        }

        return fanId;
    }
}
