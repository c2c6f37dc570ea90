using System.Collections.Concurrent;

namespace Ticketing.Load.Scenarios;

/// <summary>
/// Admits arrivals into a fixed set of slots, as k6's arrival-rate executors admit iterations into
/// at most maxVUs virtual users: an arrival takes a free slot for its journey and gives it back
/// when the journey ends. With every slot busy the arrival is dropped and counted, never queued:
/// a queue would grow without bound while the service falls behind, and hide that it did.
/// A slot carries what outlives one journey (a browser's last seat map); only one journey at a
/// time has it. The last slot given back is the next one taken, so few slots stay warm.
/// </summary>
public sealed class Arrivals<TSlot>(IEnumerable<TSlot> slots, Func<TSlot, long, CancellationToken, Task> journey, CancellationToken stop)
    where TSlot : class
{
    private readonly ConcurrentStack<TSlot> _free = new(slots.Reverse());

    // Only the dispatcher thread adds; read once it has finished.
    private readonly List<Task> _journeys = [];
    private long _scheduled;
    private long _dropped;
    private long _completed;
    private long _inFlight;
    private long _peakInFlight;

    /// <summary>
    /// One arrival, called from the one <see cref="FixedRate"/> dispatcher thread: starts its journey
    /// in a free slot, or counts it as dropped.
    /// </summary>
    public void Arrive(long index)
    {
        Interlocked.Increment(ref _scheduled);
        if (!_free.TryPop(out var slot))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        // Journeys end on other threads, but only arrivals raise the count: the peak has one writer.
        var inFlight = Interlocked.Increment(ref _inFlight);
        if (inFlight > Volatile.Read(ref _peakInFlight))
        {
            Volatile.Write(ref _peakInFlight, inFlight);
        }

        _journeys.Add(RunAsync(slot, index));
    }

    /// <summary>Completes when every started journey has ended; call after the dispatcher has finished.</summary>
    public Task AllEndedAsync() => Task.WhenAll(_journeys);

    public ArrivalCounts Counts => new(
        Interlocked.Read(ref _scheduled), Interlocked.Read(ref _dropped), Interlocked.Read(ref _completed), Volatile.Read(ref _peakInFlight));

    private async Task RunAsync(TSlot slot, long index)
    {
        try
        {
            await journey(slot, index, stop);
            Interlocked.Increment(ref _completed);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended (sold out, or the duration passed) while this journey was under way.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _free.Push(slot);
        }
    }
}

/// <summary>
/// What became of the arrivals: <see cref="Scheduled"/> came due, <see cref="Dropped"/> found every
/// slot busy, <see cref="Completed"/> journeys ran to their end (the rest were cut by the end of the
/// run), and at most <see cref="PeakInFlight"/> journeys were under way at once.
/// </summary>
public sealed record ArrivalCounts(long Scheduled, long Dropped, long Completed, long PeakInFlight);
