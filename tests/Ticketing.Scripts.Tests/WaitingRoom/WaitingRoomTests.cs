using Ticketing.Scripts.Tests.Support;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Scripts.Tests.WaitingRoom;

/// <summary>The waiting room's scripts against the suite's redis-server, each test in its own event.</summary>
public sealed class WaitingRoomTests(SingleServerTarget target) : IClassFixture<SingleServerTarget>
{
    private RoomHarness NewRoom() => new(target.Connection);

    [Fact]
    public async Task FansAfterTheOpenAreQueuedAndAdmittedFirstInFirstOut()
    {
        var harness = NewRoom();
        await harness.ConfigureAsync();
        var fans = RoomHarness.Fans(5);
        var places = new List<QueuePlace.Waiting>();
        foreach (var fan in fans)
        {
            places.Add(await harness.JoinedAsync(fan));
        }

        Assert.Equal([1L, 2, 3, 4, 5], places.Select(place => place.QueueNumber));
        Assert.Equal([1L, 2, 3, 4, 5], places.Select(place => place.Place));

        var admitted = await harness.AdmittedAsync(3);
        Assert.Equal(fans[..3], admitted.Select(fan => fan.FanId));
        Assert.Equal(new QueuePlace.Waiting(4, 1), await harness.Room.GetPlaceAsync(harness.EventId, fans[3]));
        Assert.IsType<QueuePlace.Admitted>(await harness.Room.GetPlaceAsync(harness.EventId, fans[0]));
        var state = await harness.Room.GetStateAsync(harness.EventId);
        Assert.Equal((3L, 2L, 3L, 3L), (state!.Serving, state.Waiting, state.Active, state.AdmittedTotal));
    }

    [Fact]
    public async Task RejoiningKeepsThePlace()
    {
        var harness = NewRoom();
        await harness.ConfigureAsync();
        foreach (var fan in RoomHarness.Fans(3))
        {
            await harness.JoinedAsync(fan);
        }

        Assert.Equal(new QueuePlace.Waiting(2, 2), await harness.Room.JoinAsync(harness.EventId, "fan-2"));
        await harness.AdmittedAsync(1);
        Assert.Equal(new QueuePlace.Waiting(2, 1), await harness.Room.JoinAsync(harness.EventId, "fan-2"));
        Assert.IsType<QueuePlace.Admitted>(await harness.Room.JoinAsync(harness.EventId, "fan-1"));
        Assert.Equal(2, (await harness.Room.GetStateAsync(harness.EventId))!.Waiting);
    }

    [Fact]
    public async Task ThePreQueueIsShuffledAtTheOpenAndTheOrderCanBeRecomputedFromThePublishedValues()
    {
        var harness = NewRoom();
        var configured = await harness.ConfigureAsync(RoomHarness.Roomy with { OpensAt = DateTimeOffset.UtcNow.AddMinutes(1) });
        Assert.Equal(RoomPhase.PreQueue, configured.Phase);
        Assert.NotNull(configured.SeedCommitment);
        var early = RoomHarness.Fans(30, "early");
        foreach (var fan in early)
        {
            Assert.IsType<QueuePlace.PreQueue>(await harness.Room.JoinAsync(harness.EventId, fan));
        }

        Assert.Null((await harness.Room.GetFairnessAsync(harness.EventId))!.Seed);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));

        // The first join after opens_at closes the pre-queue itself and queues behind all of it.
        Assert.Equal(31, (await harness.JoinedAsync("late-1")).QueueNumber);
        Assert.Equal(LeaveOutcome.TryAgain, await harness.Room.LeaveAsync(harness.EventId, early[0]));
        Assert.IsType<AdmitOutcome.NotOpen>(await harness.Room.AdmitAsync(harness.EventId, 10));
        Assert.Equal(new OpenOutcome.Opened(30), await harness.Room.OpenAsync(harness.EventId));
        Assert.IsType<OpenOutcome.AlreadyOpen>(await harness.Room.OpenAsync(harness.EventId));
        Assert.Equal(32, (await harness.JoinedAsync("late-2")).QueueNumber);

        var record = (await harness.Room.GetFairnessAsync(harness.EventId, 1, 100))!;
        Assert.Equal(configured.SeedCommitment, record.SeedCommitment);
        Assert.True(FairShuffle.IsConsistent(record));
        Assert.Equal(FairShuffle.MembershipCommitment(early.Reverse()), record.MembershipCommitment);
        Assert.Equal(30, record.RankKeys.Count);
        Assert.DoesNotContain(record.RankKeys, key => early.Any(fan => key.Contains(fan, StringComparison.Ordinal)));
        foreach (var fan in early)
        {
            var place = Assert.IsType<QueuePlace.Waiting>(await harness.Room.GetPlaceAsync(harness.EventId, fan));
            Assert.Equal(place.QueueNumber, FairShuffle.QueueNumberOf(record, fan));
        }

        var expected = FairShuffle.Order(Convert.FromHexString(record.Seed!), early).Select(fan => fan.FanId).Concat(["late-1", "late-2"]);
        Assert.Equal(expected, (await harness.AdmittedAsync(100)).Select(fan => fan.FanId));
        var page = (await harness.Room.GetFairnessAsync(harness.EventId, 11, 5))!;
        Assert.Equal(record.RankKeys.Skip(10).Take(5), page.RankKeys);
    }

    [Fact]
    public async Task TheOpenStagesItsOrderOutOfSightAndPublishesItWholeEvenAfterAnInterruptedOpen()
    {
        var harness = NewRoom();
        await harness.ConfigureAsync(RoomHarness.Roomy with { OpensAt = DateTimeOffset.UtcNow.AddMinutes(1) });
        var early = RoomHarness.Fans(30, "early");
        foreach (var fan in early)
        {
            await harness.Room.JoinAsync(harness.EventId, fan);
        }

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(31, (await harness.JoinedAsync("late-1")).QueueNumber);
        var room = (RedisWaitingRoom)harness.Room;

        // An open that staged one page and stopped (a crash between runs): readers see none of it.
        Assert.Null(await room.StageAsync(harness.EventId, 1, early[..10]));
        Assert.IsType<QueuePlace.PreQueue>(await harness.Room.GetPlaceAsync(harness.EventId, early[0]));
        Assert.Equal(1, (await harness.Room.GetStateAsync(harness.EventId))!.Waiting);
        Assert.IsType<AdmitOutcome.NotOpen>(await harness.Room.AdmitAsync(harness.EventId, 10));
        await Assert.ThrowsAsync<InventoryEngineException>(() => room.StageAsync(harness.EventId, 11, ["not-a-member"]));

        // The next open stages the real order over it and publishes it in one run.
        Assert.Equal(new OpenOutcome.Opened(30), await harness.Room.OpenAsync(harness.EventId));
        var record = (await harness.Room.GetFairnessAsync(harness.EventId, 1, 100))!;
        var expected = FairShuffle.Order(Convert.FromHexString(record.Seed!), early).Select(fan => fan.FanId).Append("late-1");
        Assert.Equal(31, (await harness.Room.GetStateAsync(harness.EventId))!.Waiting);
        Assert.Equal(expected, (await harness.AdmittedAsync(100)).Select(fan => fan.FanId));
        Assert.False(await harness.Redis.GetDatabase().KeyExistsAsync(WaitingRoomKeys.OrderStage(harness.EventId)));
    }

    [Fact]
    public async Task APreQueueOfThousandsIsOrderedAndTouchedInOneRunEach()
    {
        // Larger than the scripts' chunk of 1,000 arguments per Redis call, so every chunked path runs.
        var harness = NewRoom();
        await harness.ConfigureAsync(RoomHarness.Roomy with { OpensAt = DateTimeOffset.UtcNow.AddMinutes(1) });
        var fans = RoomHarness.Fans(2_500);
        await Task.WhenAll(fans.Select(fan => harness.Room.JoinAsync(harness.EventId, fan)));
        harness.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(new OpenOutcome.Opened(2_500), await harness.Room.OpenAsync(harness.EventId));
        var record = (await harness.Room.GetFairnessAsync(harness.EventId, 1, 2_500))!;
        var expected = FairShuffle.Order(Convert.FromHexString(record.Seed!), fans);
        Assert.Equal(expected.Select(fan => Convert.ToHexStringLower(fan.RankKey)), record.RankKeys);
        Assert.Equal(2_500, (await harness.Room.GetStateAsync(harness.EventId))!.Waiting);
        Assert.Equal(new QueuePlace.Waiting(2_500, 2_500), await harness.Room.GetPlaceAsync(harness.EventId, expected[^1].FanId));

        harness.Clock.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(2_500, await harness.Room.TouchAsync(harness.EventId, fans));
        harness.Clock.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(0, (await harness.Room.SweepAsync(harness.EventId)).AbandonedWaiters);
        harness.Clock.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(2_500, (await harness.Room.SweepAsync(harness.EventId)).AbandonedWaiters);
    }

    [Fact]
    public async Task AbandonedWaitersDropOutAndNoLongerCount()
    {
        var harness = NewRoom();
        await harness.ConfigureAsync();
        foreach (var fan in RoomHarness.Fans(4))
        {
            await harness.JoinedAsync(fan);
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(2, await harness.Room.TouchAsync(harness.EventId, ["fan-2", "fan-4", "nobody"]));
        harness.Clock.Advance(TimeSpan.FromSeconds(70));
        Assert.Equal(new SweepResult(2, 0, 4), await harness.Room.SweepAsync(harness.EventId));

        Assert.IsType<QueuePlace.NotQueued>(await harness.Room.GetPlaceAsync(harness.EventId, "fan-1"));
        Assert.Equal(new QueuePlace.Waiting(2, 1), await harness.Room.GetPlaceAsync(harness.EventId, "fan-2"));
        Assert.Equal(2, (await harness.Room.GetStateAsync(harness.EventId))!.Waiting);
        Assert.Equal(["fan-2", "fan-4"], (await harness.AdmittedAsync(10)).Select(fan => fan.FanId));

        harness.Clock.Advance(TimeSpan.FromSeconds(200));
        Assert.Equal(new SweepResult(0, 0, 0), await harness.Room.SweepAsync(harness.EventId));
    }

    [Fact]
    public async Task TheSweepResumesWhereItStoppedAndCoversTheWholeQueue()
    {
        var harness = NewRoom();
        await harness.ConfigureAsync();
        foreach (var fan in RoomHarness.Fans(25))
        {
            await harness.JoinedAsync(fan);
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(121));
        var removed = 0;
        for (var run = 0; run < 3; run++)
        {
            removed += (await harness.Room.SweepAsync(harness.EventId, maxQueueNumbers: 10)).AbandonedWaiters;
        }

        Assert.Equal(25, removed);
        Assert.Equal(0, (await harness.Room.GetStateAsync(harness.EventId))!.Waiting);
    }

    [Fact]
    public async Task ExpiredAndEndedAdmissionsFreeTheirPlaceUnderMaxActive()
    {
        var harness = NewRoom();
        await harness.ConfigureAsync(RoomHarness.Roomy with { MaxActive = 2, AdmissionTtl = TimeSpan.FromSeconds(30) });
        foreach (var fan in RoomHarness.Fans(5))
        {
            await harness.JoinedAsync(fan);
        }

        var first = Assert.IsType<AdmitOutcome.Admitted>(await harness.Room.AdmitAsync(harness.EventId, 5));
        Assert.Equal((2, AdmitLimit.MaxActive), (first.Fans.Count, first.Limit));
        Assert.Empty(Assert.IsType<AdmitOutcome.Admitted>(await harness.Room.AdmitAsync(harness.EventId, 5)).Fans);

        Assert.True(await harness.Room.EndAdmissionAsync(harness.EventId, "fan-1"));
        Assert.False(await harness.Room.EndAdmissionAsync(harness.EventId, "fan-1"));
        Assert.Equal(["fan-3"], (await harness.AdmittedAsync(5)).Select(fan => fan.FanId));

        harness.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(0, (await harness.Room.GetStateAsync(harness.EventId))!.Active);
        Assert.IsType<QueuePlace.NotQueued>(await harness.Room.GetPlaceAsync(harness.EventId, "fan-2"));
        Assert.Equal(new SweepResult(0, 2, 2), await harness.Room.SweepAsync(harness.EventId));
        Assert.Equal(["fan-4", "fan-5"], (await harness.AdmittedAsync(5)).Select(fan => fan.FanId));
    }

    [Fact]
    public async Task ConcurrentAdmittersNeverExceedMaxActive()
    {
        var harness = NewRoom();
        await harness.ConfigureAsync(RoomHarness.Roomy with { MaxActive = 30 });
        foreach (var fan in RoomHarness.Fans(100))
        {
            await harness.JoinedAsync(fan);
        }

        var runs = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => harness.AdmittedAsync(7)));
        Assert.Equal(30, runs.Sum(run => run.Count));
        Assert.Equal(30, runs.SelectMany(run => run).Select(fan => fan.FanId).Distinct().Count());
        Assert.Equal(30, (await harness.Room.GetStateAsync(harness.EventId))!.Active);
    }

    [Fact]
    public async Task ConcurrentAdmittersNeverExceedAdmitPerSecondOverAnyOneSecondWindow()
    {
        const int perSecond = 40;
        var harness = NewRoom();
        var ttl = TimeSpan.FromMinutes(5);
        await harness.ConfigureAsync(RoomHarness.Roomy with { AdmitPerSecond = perSecond, AdmissionTtl = ttl });
        await Task.WhenAll(RoomHarness.Fans(130).Select(fan => harness.Room.JoinAsync(harness.EventId, fan)));

        // Admitters loop as fast as Redis answers until the queue is empty (about 3 s of Redis
        // time), half of them on a second connection, as a second process would be.
        using var second = await TestConnection.OpenAsync(target.Connection.Configuration);
        IWaitingRoom[] rooms = [harness.Room, new RedisWaitingRoom(second.Redis)];
        var admissions = new System.Collections.Concurrent.ConcurrentBag<DateTimeOffset>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(admitter => Task.Run(async () =>
        {
            while (true)
            {
                var run = Assert.IsType<AdmitOutcome.Admitted>(await rooms[admitter % 2].AdmitAsync(harness.EventId, 5));
                foreach (var _ in run.Fans)
                {
                    admissions.Add(run.ExpiresAt - ttl);
                }

                if (run.Limit == AdmitLimit.QueueEmpty)
                {
                    return;
                }
            }
        })));

        var times = admissions.Order().ToList();
        Assert.Equal(130, times.Count);
        var busiest = times.Max(start => times.Count(at => at >= start && at < start.AddSeconds(1)));
        Assert.True(busiest <= perSecond, $"{busiest} admissions within one second");
        Assert.True(busiest >= perSecond / 2, "the admitters kept the rate busy");
    }

    [Fact]
    public async Task EveryOperationAnswersNoRoomForAnEventWithoutOne()
    {
        var harness = NewRoom();
        var room = harness.Room;
        Assert.IsType<QueuePlace.NoRoom>(await room.JoinAsync(harness.EventId, "fan-1"));
        Assert.IsType<QueuePlace.NoRoom>(await room.GetPlaceAsync(harness.EventId, "fan-1"));
        Assert.IsType<AdmitOutcome.NoRoom>(await room.AdmitAsync(harness.EventId, 1));
        Assert.IsType<OpenOutcome.NoRoom>(await room.OpenAsync(harness.EventId));
        Assert.Equal(LeaveOutcome.NoRoom, await room.LeaveAsync(harness.EventId, "fan-1"));
        Assert.Equal(0, await room.TouchAsync(harness.EventId, ["fan-1"]));
        Assert.Equal(new SweepResult(0, 0, 0), await room.SweepAsync(harness.EventId));
        Assert.False(await room.EndAdmissionAsync(harness.EventId, "fan-1"));
        Assert.Null(await room.GetStateAsync(harness.EventId));
        Assert.Null(await room.GetFairnessAsync(harness.EventId));
    }

    [Fact]
    public async Task PausedRoomsAdmitNobodyAndLeftFansLoseTheirPlace()
    {
        var harness = NewRoom();
        await harness.ConfigureAsync(RoomHarness.Roomy with { Paused = true });
        await harness.JoinedAsync("fan-1");
        await harness.JoinedAsync("fan-2");
        Assert.IsType<AdmitOutcome.Paused>(await harness.Room.AdmitAsync(harness.EventId, 5));
        Assert.Equal(LeaveOutcome.Left, await harness.Room.LeaveAsync(harness.EventId, "fan-1"));
        Assert.Equal(LeaveOutcome.NotQueued, await harness.Room.LeaveAsync(harness.EventId, "fan-1"));

        await harness.ConfigureAsync();
        Assert.Equal(["fan-2"], (await harness.AdmittedAsync(5)).Select(fan => fan.FanId));
    }

    [Fact]
    public async Task MalformedInputIsRefusedBeforeRedis()
    {
        var harness = NewRoom();
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Room.JoinAsync(harness.EventId, "has space"));
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Room.JoinAsync(harness.EventId, new string('x', 65)));
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Room.TouchAsync(harness.EventId, ["ok", ""]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Room.AdmitAsync(harness.EventId, -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Room.SweepAsync(harness.EventId, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Room.GetFairnessAsync(harness.EventId, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.ConfigureAsync(RoomHarness.Roomy with { MaxActive = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.ConfigureAsync(RoomHarness.Roomy with { AbandonAfter = TimeSpan.Zero }));
    }

    [Fact]
    public async Task ARedisErrorInEveryScriptBecomesAnEngineErrorNamingTheScript()
    {
        var harness = NewRoom();
        var (room, id) = (harness.Room, harness.EventId);
        var database = harness.Redis.GetDatabase();
        await database.StringSetAsync(WaitingRoomKeys.Room(id), "not a hash");
        await database.StringSetAsync(WaitingRoomKeys.Admitted(id), "not a sorted set");
        await database.StringSetAsync(WaitingRoomKeys.Queue(id), "not a sorted set");

        async Task NamesAsync(string script, Func<Task> call) =>
            Assert.Contains($"'{script}'", (await Assert.ThrowsAsync<InventoryEngineException>(call)).Message, StringComparison.Ordinal);

        await NamesAsync("room_configure", () => harness.ConfigureAsync());
        await NamesAsync("room_join", () => room.JoinAsync(id, "fan-1"));
        await NamesAsync("room_position", () => room.GetPlaceAsync(id, "fan-1"));
        await NamesAsync("room_admit", () => room.AdmitAsync(id, 1));
        await NamesAsync("room_leave", () => room.LeaveAsync(id, "fan-1"));
        await NamesAsync("room_touch", () => room.TouchAsync(id, ["fan-1"]));
        await NamesAsync("room_expire", () => room.SweepAsync(id));
        await NamesAsync("room_end_admission", () => room.EndAdmissionAsync(id, "fan-1"));
        await NamesAsync("room_close", () => room.OpenAsync(id));
        await NamesAsync("room_state", () => room.GetStateAsync(id));
    }

    [Fact]
    public async Task AHundredThousandFansJoinWithDistinctNumbersInLittleMemory()
    {
        const int fans = 100_000;
        var harness = NewRoom();
        await harness.ConfigureAsync();
        var ids = Enumerable.Range(0, fans).Select(i => FairShuffle.PseudonymousId("secret"u8, harness.EventId, $"user-{i}")).ToArray();

        var numbers = new long[fans];
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var first = 0; first < fans; first += 2_000)
        {
            var batch = Enumerable.Range(first, Math.Min(2_000, fans - first)).Select(async i =>
                numbers[i] = Assert.IsType<QueuePlace.Waiting>(await harness.Room.JoinAsync(harness.EventId, ids[i])).QueueNumber);
            await Task.WhenAll(batch);
        }

        started.Stop();
        Assert.Equal(Enumerable.Range(1, fans).Select(n => (long)n), numbers.Order());
        Assert.Equal(fans, (await harness.Room.GetStateAsync(harness.EventId))!.Waiting);

        var database = harness.Redis.GetDatabase();
        long bytes = 0;
        foreach (var key in WaitingRoomKeys.ScriptKeys(harness.EventId))
        {
            var usage = await database.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
            bytes += usage.IsNull ? 0 : (long)usage;
        }

        Assert.True(bytes / fans <= 200, $"{bytes / fans} bytes per waiting fan");
        Assert.True(started.Elapsed < TimeSpan.FromMinutes(2), $"{fans} joins took {started.Elapsed}");
    }
}
