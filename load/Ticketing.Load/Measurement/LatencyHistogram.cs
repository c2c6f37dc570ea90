namespace Ticketing.Load.Measurement;

/// <summary>
/// A fixed-bucket latency histogram, safe to record into from many threads without locks.
/// Buckets are log-linear over microseconds: every power of two is split into
/// <see cref="SubBuckets"/> equal slices, so a reported percentile is at most 1/<see cref="SubBuckets"/>
/// (about 3%) above the true sample, from 1 µs up to about 9 minutes. Percentiles report the upper
/// edge of the bucket holding the ranked sample, so they never flatter the service.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Slices per power of two; 32 bounds the relative error at 1/32.</summary>
    public const int SubBuckets = 32;

    private const int SubBucketBits = 5;
    private const int Magnitudes = 30;

    private readonly long[] _counts = new long[(Magnitudes + 1) * SubBuckets];
    private long _count;
    private long _sumMicros;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _count);

    public double MeanMilliseconds => Count == 0 ? 0 : Interlocked.Read(ref _sumMicros) / (double)Count / 1000.0;

    public double MaxMilliseconds => Interlocked.Read(ref _maxMicros) / 1000.0;

    public void Record(TimeSpan latency) => RecordMicros((long)(latency.Ticks / (TimeSpan.TicksPerMillisecond / 1000.0)));

    public void RecordMicros(long micros)
    {
        micros = Math.Max(micros, 0);
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicros, micros);
        long seen;
        while (micros > (seen = Interlocked.Read(ref _maxMicros)))
        {
            if (Interlocked.CompareExchange(ref _maxMicros, micros, seen) == seen)
            {
                break;
            }
        }
    }

    /// <summary>The latency under which <paramref name="percentile"/> percent of samples fall, in milliseconds (0 when empty).</summary>
    public double PercentileMilliseconds(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        // Nearest-rank definition: the smallest sample with at least p% of samples at or below it.
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * total));
        long seen = 0;
        for (var index = 0; index < _counts.Length; index++)
        {
            seen += Interlocked.Read(ref _counts[index]);
            if (seen >= rank)
            {
                return Math.Min(UpperEdgeMicros(index), Interlocked.Read(ref _maxMicros)) / 1000.0;
            }
        }

        return MaxMilliseconds;
    }

    public void Add(LatencyHistogram other)
    {
        for (var index = 0; index < _counts.Length; index++)
        {
            Interlocked.Add(ref _counts[index], Interlocked.Read(ref other._counts[index]));
        }

        Interlocked.Add(ref _count, other.Count);
        Interlocked.Add(ref _sumMicros, Interlocked.Read(ref other._sumMicros));
        var otherMax = Interlocked.Read(ref other._maxMicros);
        if (otherMax > Interlocked.Read(ref _maxMicros))
        {
            Interlocked.Exchange(ref _maxMicros, otherMax);
        }
    }

    // Values below SubBuckets map one to one; above, the top SubBucketBits+1 bits pick the slice.
    internal static int IndexOf(long micros)
    {
        if (micros < SubBuckets)
        {
            return (int)micros;
        }

        var magnitude = 63 - (int)long.LeadingZeroCount(micros) - SubBucketBits;
        if (magnitude >= Magnitudes)
        {
            return (Magnitudes + 1) * SubBuckets - 1;
        }

        var slice = (int)(micros >> magnitude) - SubBuckets;
        return (magnitude + 1) * SubBuckets + slice;
    }

    internal static long UpperEdgeMicros(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var magnitude = index / SubBuckets - 1;
        var slice = index % SubBuckets;
        return ((long)(SubBuckets + slice + 1) << magnitude) - 1;
    }
}
