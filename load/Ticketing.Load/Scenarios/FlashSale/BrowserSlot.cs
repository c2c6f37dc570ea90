using System.Collections.Concurrent;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// A browser that admitted fans buy in. It keeps what a browser keeps between the fans that use
/// it: the seat map it last read, and its own random numbers. One fan at a time has it (see
/// <see cref="BrowserPool"/>).
/// </summary>
public sealed class BrowserSlot(Random random)
{
    public Random Random => random;

    /// <summary>The last seat map read, less what was taken since; null until read, or once too stale to pick from.</summary>
    public LocalSeatMap? SeatMap { get; set; }
}

/// <summary>
/// The browsers admitted fans buy in. Fans waiting in the queue hold none (a seat map of the whole
/// event per waiting fan would be most of the driver's memory); an admitted fan takes one and gives
/// it back when done, so about as many exist as the room lets into the sale at once (<c>max_active</c>),
/// and their seat maps stay warm across fans. The last browser given back is the next one taken.
/// </summary>
public sealed class BrowserPool(int? seed)
{
    private readonly ConcurrentStack<BrowserSlot> _free = new();
    private int _made;

    /// <summary>How many browsers were made: the most fans that were buying at once.</summary>
    public int Made => Volatile.Read(ref _made);

    public BrowserSlot Take()
    {
        if (_free.TryPop(out var browser))
        {
            return browser;
        }

        var index = Interlocked.Increment(ref _made);
        return new BrowserSlot(seed is { } value ? new Random(value + index) : new Random());
    }

    public void Return(BrowserSlot browser) => _free.Push(browser);
}
