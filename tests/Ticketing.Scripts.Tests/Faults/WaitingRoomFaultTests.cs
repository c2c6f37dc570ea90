using Ticketing.Scripts.Tests.Support;
using Ticketing.Scripts.Tests.WaitingRoom;
using Ticketing.Scripts.WaitingRoom;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Faults;

/// <summary>The waiting room across a Redis restart (AOF) and an emptied script cache.</summary>
[Collection(FaultCollection.Name)]
public sealed class WaitingRoomFaultTests
{
    [Fact]
    public async Task ARedisRestartKeepsTheQueueAndTheAdmissions()
    {
        await using var server = await RedisServer.StartAsync(appendFsync: "always");
        using var connection = await TestConnection.OpenAsync(server.Configuration);
        var harness = new RoomHarness(connection.Redis);
        await harness.ConfigureAsync();
        foreach (var fan in RoomHarness.Fans(10))
        {
            await harness.JoinedAsync(fan);
        }

        await harness.AdmittedAsync(3);
        var before = (await harness.Room.GetStateAsync(harness.EventId))!;

        server.Kill();
        await server.RestartAsync();

        QueuePlace? place = null;
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                place = await harness.Room.GetPlaceAsync(harness.EventId, "fan-7");
                return true;
            }
            catch (StackExchange.Redis.RedisException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the room answers once Redis is back");
        Assert.Equal(new QueuePlace.Waiting(7, 4), place);
        var after = (await harness.Room.GetStateAsync(harness.EventId))!;
        Assert.Equal((before.Serving, before.Waiting, before.Active, before.AdmittedTotal), (after.Serving, after.Waiting, after.Active, after.AdmittedTotal));
        Assert.IsType<QueuePlace.Admitted>(await harness.Room.JoinAsync(harness.EventId, "fan-2"));
        Assert.Equal(11, (await harness.JoinedAsync("fan-11")).QueueNumber);
    }

    [Fact]
    public async Task EveryRoomScriptRecoversAfterScriptFlush()
    {
        await using var server = await RedisServer.StartAsync(appendFsync: "everysec");
        using var connection = await TestConnection.OpenAsync(server.Configuration);
        using var adminConnection = await TestConnection.OpenAsync(server.Configuration + ",allowAdmin=true");
        var admin = adminConnection.Redis.GetServer(adminConnection.Redis.GetEndPoints()[0]);
        var harness = new RoomHarness(connection.Redis);
        var room = harness.Room;
        var id = harness.EventId;

        // A flush before every call: each script is met with NOSCRIPT and must be sent again.
        async Task<T> Flushed<T>(Func<Task<T>> call)
        {
            await admin.ScriptFlushAsync();
            return await call();
        }

        await Flushed(() => harness.ConfigureAsync(RoomHarness.Roomy with { OpensAt = DateTimeOffset.UtcNow.AddSeconds(30) }));
        Assert.IsType<QueuePlace.PreQueue>(await Flushed(() => room.JoinAsync(id, "early")));
        Assert.IsType<QueuePlace.PreQueue>(await Flushed(() => room.GetPlaceAsync(id, "early")));
        harness.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.IsType<OpenOutcome.Opened>(await Flushed(() => room.OpenAsync(id)));
        Assert.IsType<QueuePlace.Waiting>(await Flushed(() => room.JoinAsync(id, "late")));
        Assert.Equal(2, await Flushed(() => room.TouchAsync(id, ["early", "late"])));
        Assert.Equal(LeaveOutcome.Left, await Flushed(() => room.LeaveAsync(id, "late")));
        Assert.Single(Assert.IsType<AdmitOutcome.Admitted>(await Flushed(() => room.AdmitAsync(id, 5))).Fans);
        Assert.True(await Flushed(() => room.EndAdmissionAsync(id, "early")));
        Assert.Equal(new SweepResult(0, 0, 0), await Flushed(() => room.SweepAsync(id)));
        Assert.Equal(RoomPhase.Open, (await Flushed(() => room.GetStateAsync(id)))!.Phase);
    }
}
