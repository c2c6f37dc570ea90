namespace Ticketing.Api.Features.Reservations;

/// <summary>Bounds of the hold contract that do not depend on the event (API.md).</summary>
public static class HoldLimits
{
    public const int MinTtlSeconds = 5;
    public const int MaxTtlSeconds = 3600;

    public static bool IsValidTtl(int seconds) => seconds is >= MinTtlSeconds and <= MaxTtlSeconds;
}
