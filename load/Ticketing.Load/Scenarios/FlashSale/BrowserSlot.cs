namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// One of USERS browser slots (k6: a virtual user) that arriving buyers are admitted into. It keeps
/// what a browser keeps between the buyers that use it: the seat map it last read, and its own
/// random numbers. One buyer at a time has it (see <see cref="Arrivals{TSlot}"/>).
/// </summary>
public sealed class BrowserSlot(Random random)
{
    public Random Random => random;

    /// <summary>The last seat map read, less what was taken since; null until read, or once too stale to pick from.</summary>
    public LocalSeatMap? SeatMap { get; set; }
}
