namespace Ticketing.Scripts.Holds;

/// <summary>
/// Bounds of the hold contract that do not depend on the event (API.md). The hold scripts enforce
/// the same bounds: they read them from here (<see cref="Keys.ScriptConstants"/>).
/// </summary>
public static class HoldLimits
{
    /// <summary>The shortest hold a buyer or an event may ask for, in seconds.</summary>
    public const int MinTtlSeconds = 5;

    /// <summary>The longest hold a buyer or an event may ask for, in seconds.</summary>
    public const int MaxTtlSeconds = 3600;

    /// <summary>True when <paramref name="seconds"/> is within <see cref="MinTtlSeconds"/>..<see cref="MaxTtlSeconds"/>.</summary>
    public static bool IsValidTtl(int seconds) => seconds is >= MinTtlSeconds and <= MaxTtlSeconds;
}
