using System.Collections.Concurrent;
using Ticketing.Scripts.Feeds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task EveryPublishedChangeIsInTheChangeLogUnderItsVersion()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var published = new ConcurrentQueue<SeatChangeMessage>();
        await using (await harness.Engine.SubscribeToChangesAsync(layout.EventId, message =>
        {
            published.Enqueue(message);
            return Task.CompletedTask;
        }))
        {
            var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-A-2");
            await harness.CommittedAsync(hold, "k1");
            var released = await harness.HeldAsync(layout, "u2", "FLOOR-B-1");
            await harness.Engine.ReleaseAsync(released.HoldId, "u2");
            await Eventually.HoldsAsync(() => published.Count == 4);
        }

        var read = Assert.IsType<ChangeLogRead.Messages>(await harness.Engine.ReadChangesAsync(layout.EventId, 0, 100));
        Assert.Equal(4, read.Version);
        Assert.Equal(published, read.Items);
        Assert.Equal([1L, 2L, 3L, 4L], read.Items.Select(message => message.Version));

        var tail = Assert.IsType<ChangeLogRead.Messages>(await harness.Engine.ReadChangesAsync(layout.EventId, 2, 100));
        Assert.Equal([3L, 4L], tail.Items.Select(message => message.Version));
        Assert.Empty(Assert.IsType<ChangeLogRead.Messages>(await harness.Engine.ReadChangesAsync(layout.EventId, 4, 100)).Items);
        Assert.Equal(4, await harness.Engine.GetVersionAsync(layout.EventId));
    }

    [Fact]
    public async Task AReaderTooFarBehindOrAheadOrOfAnUnknownEventIsToldSo()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        for (var i = 0; i < 5; i++)
        {
            await harness.Engine.ReleaseAsync((await harness.HeldAsync(layout, "u1", "FLOOR-A-1")).HoldId, "u1");
        }

        Assert.Equal(new ChangeLogRead.TooOld(10), await harness.Engine.ReadChangesAsync(layout.EventId, 0, 9));
        Assert.Equal(new ChangeLogRead.TooOld(10), await harness.Engine.ReadChangesAsync(layout.EventId, 11, 100));
        Assert.IsType<ChangeLogRead.NoEvent>(await harness.Engine.ReadChangesAsync("no-such-event", 0, 100));
        Assert.Null(await harness.Engine.GetVersionAsync("no-such-event"));

        // A log trimmed below the reader's version cannot bring it up to date.
        await Redis.GetDatabase().StreamTrimAsync(EventKeys.ChangeLog(layout.EventId), 3);
        Assert.Equal(new ChangeLogRead.TooOld(10), await harness.Engine.ReadChangesAsync(layout.EventId, 2, 100));
        Assert.Equal([8L, 9L, 10L], Assert.IsType<ChangeLogRead.Messages>(await harness.Engine.ReadChangesAsync(layout.EventId, 7, 100)).Items.Select(m => m.Version));
    }

    [Fact]
    public async Task AFailedHoldWritesNothingToTheChangeLog()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        await harness.HeldAsync(layout, "u1", "FLOOR-A-1");
        await harness.HoldAsync(layout, "u2", "FLOOR-A-2", "FLOOR-A-1");
        Assert.Equal(1, await Redis.GetDatabase().StreamLengthAsync(EventKeys.ChangeLog(layout.EventId)));
    }
}
