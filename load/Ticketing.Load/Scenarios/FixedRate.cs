using System.Diagnostics;

namespace Ticketing.Load.Scenarios;

/// <summary>
/// The open model's clock, shared by <c>hold-rate</c> and <c>flash-sale</c> (as wrk2 or k6's
/// constant-arrival-rate pace work): arrival i is due at start + i/RATE whether or not earlier
/// ones have finished, so a server that falls behind is not sent less work.
/// </summary>
public static class FixedRate
{
    /// <summary>
    /// Runs <see cref="Dispatch"/> on a thread of its own, so that arrivals keep their pace while the
    /// thread pool is busy with the calls they started; completes with the number of arrivals.
    /// </summary>
    public static Task<long> RunAsync(double rate, TimeSpan duration, Action<long, long> arrive, CancellationToken stop) =>
        Task.Factory.StartNew(() => Dispatch(rate, duration, arrive, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Calls <paramref name="arrive"/>(i, due) on this thread for every i with due = start + i/rate
    /// before start + duration, never before its due time (Stopwatch ticks); returns how many it
    /// called. Stops early when <paramref name="stop"/> is cancelled. Between arrivals the thread
    /// sleeps until the next one is due (at least 1 ms, so a burst of due arrivals starts together):
    /// spinning to the exact tick, or waking every millisecond at low rates, would burn CPU the service
    /// under test needs on a small machine. <paramref name="arrive"/> must only start work (return at
    /// its first await), or it delays the arrivals after it.
    /// </summary>
    internal static long Dispatch(double rate, TimeSpan duration, Action<long, long> arrive, CancellationToken stop = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        var ticksPerArrival = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long index = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = start + (long)(index * ticksPerArrival);
            if (due >= end)
            {
                return index;
            }

            var early = due - Stopwatch.GetTimestamp();
            if (early > 0)
            {
                stop.WaitHandle.WaitOne(Math.Max(1, (int)Math.Min(early * 1000 / Stopwatch.Frequency, int.MaxValue)));
                continue;
            }

            arrive(index, due);
            index++;
        }

        return index;
    }
}
