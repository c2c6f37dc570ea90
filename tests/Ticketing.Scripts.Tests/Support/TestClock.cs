namespace Ticketing.Scripts.Tests.Support;

/// <summary>
/// Moves one engine's time forward: the offset is added to Redis TIME inside its scripts, so
/// expiry is tested without sleeping. Each test owns its clock and its event.
/// </summary>
public sealed class TestClock
{
    private long _offsetMs;

    public TimeSpan Offset => TimeSpan.FromMilliseconds(Interlocked.Read(ref _offsetMs));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetMs, (long)by.TotalMilliseconds);
}
