using System.Collections.Concurrent;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task ACommitWakesTheOutboxWritersWithItsEventIdAndAReplayDoesNot()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var marker = $"marker-{Guid.NewGuid():N}";
        var wakes = new ConcurrentQueue<string>();
        // A message queue hands messages over one at a time in the order they arrived; a plain
        // handler may run concurrently and enqueue them out of order.
        var channel = await Redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(ScriptConstants.OutboxWake));
        channel.OnMessage(message => wakes.Enqueue((string)message.Message!));
        try
        {
            var paying = await harness.PayingAsync(await harness.HeldAsync(layout, "u1", "FLOOR-A-1"), "pay-1");
            var request = EngineHarness.CommitOf(paying, "pay-1");
            Assert.False(Assert.IsType<CommitOutcome.Committed>(await harness.Engine.CommitAsync(request)).Replayed);
            Assert.True(Assert.IsType<CommitOutcome.Committed>(await harness.Engine.CommitAsync(request)).Replayed);

            // Published from the event's own node after the replay: messages of one node arrive in
            // order (on a cluster too), so once the marker is here a wake of the replay would be too.
            await Redis.GetDatabase().ScriptEvaluateAsync("return redis.call('PUBLISH', ARGV[1], ARGV[2])",
                [EventKeys.Meta(layout.EventId)], [ScriptConstants.OutboxWake, marker]);
            await Eventually.HoldsAsync(() => wakes.Contains(marker), because: "the marker never arrived");

            // Other tests commit in parallel on the same channel: only this event's wakes count.
            Assert.Equal([layout.EventId], wakes.TakeWhile(wake => wake != marker).Where(wake => wake == layout.EventId));
        }
        finally
        {
            await channel.UnsubscribeAsync();
        }
    }
}
