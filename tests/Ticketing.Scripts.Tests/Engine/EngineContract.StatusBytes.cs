using StackExchange.Redis;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task HoldsRecordedWithoutSeatPositionsStillEndAndSellWithExactStatusBytes()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(12));
        var released = await harness.HeldAsync(layout, "u1", "S-1-1", "S-1-3", "S-1-5");
        var sold = await harness.HeldAsync(layout, "u2", "S-1-2", "S-1-4", "S-1-12");
        var expired = await harness.HeldAsync(layout, "u3", "S-1-7", "S-1-9");
        // Records as an earlier build wrote them: no seat positions.
        foreach (var hold in new[] { released, sold, expired })
        {
            await Redis.GetDatabase().ScriptEvaluateAsync(
                "local h = cjson.decode(redis.call('HGET', KEYS[1], ARGV[1])) h.pos = nil redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(h))",
                [(RedisKey)EventKeys.Holds(layout.EventId)], [hold.HoldId]);
        }

        await harness.Engine.ReleaseAsync(released.HoldId, "u1");
        await harness.CommittedAsync(sold, "k2");
        harness.Clock.Advance(TimeSpan.FromHours(2));
        await harness.Engine.ExpireDueAsync(layout.EventId);

        var seats = await EngineAssertions.RawSeatsAsync(Redis, layout.EventId);
        Assert.Equal("asasaaaaaaas", string.Concat(Enumerable.Range(1, 12).Select(number => seats[$"S-1-{number}"][0])));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }
}
