using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task EverySeatChangeBumpsTheVersionAndIsPublished()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var messages = new ConcurrentQueue<string>();
        var subscriber = Redis.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal(EventKeys.Changes(layout.EventId)), (_, message) => messages.Enqueue((string)message!));
        try
        {
            var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2");
            await harness.Engine.ExtendAsync(hold.HoldId, "u1", 60);
            await harness.CommittedAsync(hold, "k1");
            var released = await harness.HeldAsync(layout, "u2", "FLOOR-B-1");
            await harness.Engine.ReleaseAsync(released.HoldId, "u2");

            await Eventually.HoldsAsync(() => messages.Count == 4, because: "hold, commit, hold and release each publish once");
            Assert.Equal(
            [
                """{"version":1,"changes":[{"seat_id":"FLOOR-A-1","status":"held"},{"seat_id":"FLOOR-A-2","status":"held"}]}""",
                """{"version":2,"changes":[{"seat_id":"FLOOR-A-1","status":"sold"},{"seat_id":"FLOOR-A-2","status":"sold"}]}""",
                """{"version":3,"changes":[{"seat_id":"FLOOR-B-1","status":"held"}]}""",
                """{"version":4,"changes":[{"seat_id":"FLOOR-B-1","status":"available"}]}""",
            ], messages.Select(message => JsonSerializer.Serialize(JsonDocument.Parse(message).RootElement)));
            Assert.Equal(4, (await harness.Engine.SnapshotAsync(layout.EventId))!.Version);
            Assert.Equal(4, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.Version);
        }
        finally
        {
            await subscriber.UnsubscribeAsync(RedisChannel.Literal(EventKeys.Changes(layout.EventId)));
        }
    }

    [Fact]
    public async Task AFailedHoldNeitherBumpsTheVersionNorPublishes()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        await harness.HeldAsync(layout, "u1", "FLOOR-A-1");
        var messages = new ConcurrentQueue<string>();
        var subscriber = Redis.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal(EventKeys.Changes(layout.EventId)), (_, message) => messages.Enqueue((string)message!));
        try
        {
            await harness.HoldAsync(layout, "u2", "FLOOR-A-2", "FLOOR-A-1");
            await harness.HoldAsync(layout, "u2", "FLOOR-A-2", "NOPE");
            await harness.HeldAsync(layout, "u2", "FLOOR-A-3");

            // On a cluster the first hold's message (version 1) may still be crossing the cluster
            // bus when the subscription starts, so only later versions are counted.
            long VersionOf(string message) => JsonDocument.Parse(message).RootElement.GetProperty("version").GetInt64();
            await Eventually.HoldsAsync(() => messages.Any(message => VersionOf(message) > 1));
            Assert.Equal(2, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.Version);
            Assert.Equal([2L], messages.Select(VersionOf).Where(version => version > 1));
        }
        finally
        {
            await subscriber.UnsubscribeAsync(RedisChannel.Literal(EventKeys.Changes(layout.EventId)));
        }
    }
}
