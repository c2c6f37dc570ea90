using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Tests.Support;
using Ticketing.Scripts.Tests.WaitingRoom;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task AHoldNamingAFanNeedsTheFansAdmissionToBeLiveInTheSameRun()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var room = new RedisWaitingRoom(Redis);
        await room.ConfigureAsync(layout.EventId, RoomHarness.Roomy);
        await room.JoinAsync(layout.EventId, "fan-1");

        var waiting = await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(layout.EventId, "u1", "c1", ["FLOOR-A-1"], null) { AdmittedFan = "fan-1" });
        await room.AdmitAsync(layout.EventId, 1);
        var admitted = await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(layout.EventId, "u1", "c2", ["FLOOR-A-1"], null) { AdmittedFan = "fan-1" });
        await room.EndAdmissionAsync(layout.EventId, "fan-1");
        var ended = await harness.Engine.HoldBestAvailableAsync(
            new HoldBestAvailableRequest(layout.EventId, "u1", "c3", 1, null, false, null) { AdmittedFan = "fan-1" });
        var replayed = await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(layout.EventId, "u1", "c2", ["FLOOR-A-1"], null) { AdmittedFan = "fan-1" });
        var noRoom = await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, "u2", "c4", ["FLOOR-A-2"], null));

        Assert.IsType<HoldOutcome.NotAdmitted>(waiting);
        Assert.IsType<HoldOutcome.Held>(admitted);
        Assert.IsType<HoldOutcome.NotAdmitted>(ended);
        Assert.True(Assert.IsType<HoldOutcome.Held>(replayed).Replayed, "a retry of a hold made under the admission answers that hold");
        Assert.IsType<HoldOutcome.Held>(noRoom);
        var availability = await harness.Engine.GetAvailabilityAsync(layout.EventId);
        Assert.Equal(2, availability!.HeldSeats);
    }
}
