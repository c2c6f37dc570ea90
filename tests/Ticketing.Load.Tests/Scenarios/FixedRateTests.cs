using System.Diagnostics;
using Ticketing.Load.Scenarios;

namespace Ticketing.Load.Tests.Scenarios;

public sealed class FixedRateTests
{
    [Fact]
    public void TheDispatcherStartsRateTimesDurationArrivalsInOrder()
    {
        var arrivals = new List<long>();

        var started = FixedRate.Dispatch(2_000, TimeSpan.FromMilliseconds(50), (index, _) => arrivals.Add(index));

        Assert.Equal(100, started);
        Assert.Equal(Enumerable.Range(0, 100).Select(index => (long)index), arrivals);
    }

    [Fact]
    public void NoArrivalStartsBeforeItIsDueAndDueTimesAreOneIntervalApart()
    {
        var arrivals = new List<(long Due, long StartedAt)>();

        FixedRate.Dispatch(1_000, TimeSpan.FromMilliseconds(40), (_, due) => arrivals.Add((due, Stopwatch.GetTimestamp())));

        Assert.Equal(40, arrivals.Count);
        Assert.All(arrivals, arrival => Assert.True(arrival.StartedAt >= arrival.Due, "an arrival started before it was due"));
        var interval = Stopwatch.Frequency / 1_000.0;
        Assert.All(arrivals.Select((arrival, index) => arrival.Due - arrivals[0].Due - index * interval),
            drift => Assert.InRange(drift, -1, 1));
    }

    [Fact]
    public void ADispatcherThatIsStoppedStartsNothingMore()
    {
        using var stop = new CancellationTokenSource();
        var arrivals = new List<long>();

        var started = FixedRate.Dispatch(10_000, TimeSpan.FromHours(1), (index, _) =>
        {
            arrivals.Add(index);
            if (index == 9)
            {
                stop.Cancel();
            }
        }, stop.Token);

        Assert.Equal(10, started);
        Assert.Equal(10, arrivals.Count);
    }

    [Fact]
    public async Task RunAsyncReportsHowManyArrivalsItStarted()
    {
        var arrivals = 0;

        var started = await FixedRate.RunAsync(500, TimeSpan.FromMilliseconds(20), (_, _) => arrivals++, CancellationToken.None);

        Assert.Equal(10, started);
        Assert.Equal(10, arrivals);
    }
}
