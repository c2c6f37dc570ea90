using Ticketing.Load.Measurement;

namespace Ticketing.Load.Tests.Measurement;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void PercentilesAreWithinOneBucketAboveTheExactSortedSample()
    {
        var random = new Random(7);
        var samples = Enumerable.Range(0, 20_000).Select(_ => (long)Math.Exp(random.NextDouble() * 14)).ToArray();
        var histogram = new LatencyHistogram();
        foreach (var sample in samples)
        {
            histogram.RecordMicros(sample);
        }

        Array.Sort(samples);
        foreach (var percentile in new[] { 50.0, 90, 95, 99, 99.9, 100 })
        {
            var exact = samples[(int)Math.Ceiling(percentile / 100 * samples.Length) - 1] / 1000.0;
            var reported = histogram.PercentileMilliseconds(percentile);
            Assert.InRange(reported, exact, exact * (1 + 1.0 / LatencyHistogram.SubBuckets) + 0.001);
        }
    }

    [Fact]
    public void SmallValuesAreExact()
    {
        var histogram = new LatencyHistogram();
        foreach (var micros in new long[] { 1, 2, 3, 30 })
        {
            histogram.RecordMicros(micros);
        }

        Assert.Equal(0.002, histogram.PercentileMilliseconds(50));
        Assert.Equal(0.030, histogram.PercentileMilliseconds(100));
        Assert.Equal(0.030, histogram.MaxMilliseconds);
        Assert.Equal(0.009, histogram.MeanMilliseconds);
    }

    [Fact]
    public void EveryValueFallsInsideItsBucket()
    {
        for (long micros = 0; micros < 1_000_000; micros += 997)
        {
            var index = LatencyHistogram.IndexOf(micros);
            Assert.True(micros <= LatencyHistogram.UpperEdgeMicros(index), $"{micros} above its bucket's edge");
            Assert.True(index == 0 || micros > LatencyHistogram.UpperEdgeMicros(index - 1), $"{micros} belongs to an earlier bucket");
        }
    }

    [Fact]
    public void RecordingFromManyThreadsLosesNothing()
    {
        var histogram = new LatencyHistogram();
        Parallel.For(0, 100_000, sample => histogram.RecordMicros(sample % 5_000));

        Assert.Equal(100_000, histogram.Count);
        Assert.Equal(4.999, histogram.MaxMilliseconds);
    }

    [Fact]
    public void AnEmptyHistogramReportsZero()
    {
        Assert.Equal(0, new LatencyHistogram().PercentileMilliseconds(99));
    }
}
