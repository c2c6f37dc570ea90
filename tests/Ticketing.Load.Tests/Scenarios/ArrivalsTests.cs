using Ticketing.Load.Scenarios;

namespace Ticketing.Load.Tests.Scenarios;

public sealed class ArrivalsTests
{
    private sealed class Slot(int id)
    {
        public int Id => id;
    }

    private static List<Slot> Slots(int count) => Enumerable.Range(0, count).Select(id => new Slot(id)).ToList();

    [Fact]
    public async Task ArrivalsBeyondTheBusySlotsAreDroppedAndCountedNotQueued()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        var mostInFlight = 0;
        var slotsInUse = new HashSet<int>();
        var arrivals = new Arrivals<Slot>(Slots(3), async (slot, _, _) =>
        {
            lock (slotsInUse)
            {
                Assert.True(slotsInUse.Add(slot.Id), "a slot was handed to two journeys at once");
                mostInFlight = Math.Max(mostInFlight, ++inFlight);
            }

            await release.Task;
            lock (slotsInUse)
            {
                slotsInUse.Remove(slot.Id);
                inFlight--;
            }
        }, CancellationToken.None);

        var scheduled = FixedRate.Dispatch(2_000, TimeSpan.FromMilliseconds(25), (index, _) => arrivals.Arrive(index));
        release.SetResult();
        await arrivals.AllEndedAsync();

        Assert.Equal(50, scheduled);
        Assert.Equal(new ArrivalCounts(Scheduled: 50, Dropped: 47, Completed: 3, PeakInFlight: 3), arrivals.Counts);
        Assert.Equal(3, mostInFlight);
    }

    [Fact]
    public async Task ASlotIsGivenBackWhenItsJourneyEndsAndTheLastOneBackIsTakenNext()
    {
        var slotsUsed = new List<int>();
        var arrivals = new Arrivals<Slot>(Slots(5), (slot, _, _) =>
        {
            slotsUsed.Add(slot.Id);
            return Task.CompletedTask;
        }, CancellationToken.None);

        for (var index = 0; index < 20; index++)
        {
            arrivals.Arrive(index);
        }

        await arrivals.AllEndedAsync();

        Assert.Equal(new ArrivalCounts(Scheduled: 20, Dropped: 0, Completed: 20, PeakInFlight: 1), arrivals.Counts);
        Assert.All(slotsUsed, id => Assert.Equal(0, id));
    }

    [Fact]
    public async Task AJourneyCutShortByTheEndOfTheRunIsNotCompletedAndFreesItsSlot()
    {
        using var stop = new CancellationTokenSource();
        var arrivals = new Arrivals<Slot>(Slots(1), (_, _, token) => Task.Delay(Timeout.Infinite, token), stop.Token);

        arrivals.Arrive(0);
        arrivals.Arrive(1);
        await stop.CancelAsync();
        await arrivals.AllEndedAsync();
        arrivals.Arrive(2);

        Assert.Equal(new ArrivalCounts(Scheduled: 3, Dropped: 1, Completed: 0, PeakInFlight: 1), arrivals.Counts);
    }
}
