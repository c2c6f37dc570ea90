using System.Globalization;
using Ticketing.Scripts.Tests.Support;
using Ticketing.Scripts.WaitingRoom;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.WaitingRoom;

/// <summary>Joins that arrive together go to Redis together, and every fan still gets exactly the place a join of its own would give.</summary>
public sealed class JoinBatchTests(SingleServerTarget target) : IClassFixture<SingleServerTarget>
{
    [Fact]
    public async Task OneRunAnswersEachFanItsOwnPlaceWhateverTheFanAlreadyHas()
    {
        var harness = new RoomHarness(target.Connection);
        await harness.ConfigureAsync();
        foreach (var fan in RoomHarness.Fans(3))
        {
            await harness.JoinedAsync(fan);
        }

        await harness.AdmittedAsync(1);
        var places = await Room(harness).JoinTogetherAsync(harness.EventId, ["fan-1", "fan-2", "fan-4", "fan-4", "fan-5", "fan-2"]);

        Assert.IsType<QueuePlace.Admitted>(places[0]);
        Assert.Equal(
            [new QueuePlace.Waiting(2, 1), new QueuePlace.Waiting(4, 3), new QueuePlace.Waiting(4, 3), new QueuePlace.Waiting(5, 4), new QueuePlace.Waiting(2, 1)],
            places.Skip(1));
        Assert.Equal(new QueuePlace.Waiting(5, 4), await harness.Room.GetPlaceAsync(harness.EventId, "fan-5"));
        Assert.Equal(4, (await harness.Room.GetStateAsync(harness.EventId))!.Waiting);
    }

    [Fact]
    public async Task OneRunInThePreQueueAnswersTheSizeWithEveryNewFanCountedOnce()
    {
        var harness = new RoomHarness(target.Connection);
        await harness.ConfigureAsync(RoomHarness.Roomy with { OpensAt = DateTimeOffset.UtcNow.AddMinutes(1) });
        var room = Room(harness);

        Assert.Equal(Enumerable.Repeat<QueuePlace>(new QueuePlace.PreQueue(3), 4), await room.JoinTogetherAsync(harness.EventId, ["a", "b", "a", "c"]));
        Assert.Equal(Enumerable.Repeat<QueuePlace>(new QueuePlace.PreQueue(4), 2), await room.JoinTogetherAsync(harness.EventId, ["a", "d"]));

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new OpenOutcome.Opened(4), await harness.Room.OpenAsync(harness.EventId));
        var late = await room.JoinTogetherAsync(harness.EventId, ["e", "b", "f"]);
        Assert.Equal(new QueuePlace.Waiting(5, 5), late[0]);
        Assert.InRange(Assert.IsType<QueuePlace.Waiting>(late[1]).QueueNumber, 1, 4);
        Assert.Equal(new QueuePlace.Waiting(6, 6), late[2]);
    }

    [Fact]
    public async Task ConcurrentJoinsShareRunsAndEveryFanKeepsOneNumber()
    {
        // A server of its own: its script count is this test's alone.
        await using var server = await RedisServer.StartAsync();
        using var connection = await TestConnection.OpenAsync(server.Configuration + ",allowAdmin=true");
        var harness = new RoomHarness(connection.Redis);
        await harness.ConfigureAsync();
        var redis = connection.Redis.GetServer(connection.Redis.GetEndPoints()[0]);
        await redis.ConfigResetStatisticsAsync();

        // Every fan joins twice, all at once, as a double click does.
        var fans = RoomHarness.Fans(1_000);
        var joins = fans.Concat(fans).Select(fan => (Fan: fan, Place: harness.Room.JoinAsync(harness.EventId, fan))).ToList();
        await Task.WhenAll(joins.Select(join => join.Place));

        var byFan = joins.GroupBy(join => join.Fan, join => Assert.IsType<QueuePlace.Waiting>(join.Place.Result)).ToList();
        Assert.All(byFan, answers => Assert.Single(answers.Distinct()));
        Assert.Equal(Enumerable.Range(1, 1_000).Select(n => (long)n), byFan.Select(answers => answers.First().QueueNumber).Order());
        Assert.All(byFan, answers => Assert.Equal(answers.First().QueueNumber, answers.First().Place));

        var runs = await ScriptRunsAsync(redis);
        Assert.InRange(runs, joins.Count / JoinBatch.MaxFansPerRun, joins.Count / 4);
    }

    [Fact]
    public async Task JoinsArrivingDuringARunGoTogetherInTheNextUpToTheCap()
    {
        var runs = new List<IReadOnlyList<string>>();
        var first = new TaskCompletionSource<IReadOnlyList<QueuePlace>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var batch = new JoinBatch(fans =>
        {
            lock (runs)
            {
                runs.Add(fans);
                return runs.Count == 1 ? first.Task : Task.FromResult<IReadOnlyList<QueuePlace>>([.. fans.Select(fan => new QueuePlace.Waiting(long.Parse(fan, CultureInfo.InvariantCulture), 1))]);
            }
        });

        var lone = batch.JoinAsync("0");
        var waiting = Enumerable.Range(1, 450).Select(i => batch.JoinAsync(i.ToString(CultureInfo.InvariantCulture))).ToList();
        Assert.Single(runs);
        Assert.All(waiting, join => Assert.False(join.IsCompleted));

        first.SetException(new InventoryEngineException("the run failed"));
        await Assert.ThrowsAsync<InventoryEngineException>(() => lone);
        var places = await Task.WhenAll(waiting);

        Assert.Equal([1, 200, 200, 50], runs.Select(run => run.Count));
        Assert.Equal(Enumerable.Range(1, 450).Select(n => (long)n), places.Select(place => Assert.IsType<QueuePlace.Waiting>(place).QueueNumber));
        Assert.Equal(new QueuePlace.Waiting(7, 1), await batch.JoinAsync("7"));
        Assert.Equal(5, runs.Count);
    }

    private static RedisWaitingRoom Room(RoomHarness harness) => (RedisWaitingRoom)harness.Room;

    private static async Task<long> ScriptRunsAsync(StackExchange.Redis.IServer redis)
    {
        var stats = (await redis.InfoAsync("commandstats")).SelectMany(group => group)
            .Where(pair => pair.Key is "cmdstat_evalsha" or "cmdstat_eval");
        return stats.Sum(pair => long.Parse(pair.Value.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture));
    }
}
