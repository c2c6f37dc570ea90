using System.Globalization;
using System.Security.Cryptography;

namespace Ticketing.Scripts.Keys;

/// <summary>
/// Reservation, order and ticket ids carry their event's id, so a route such as
/// <c>GET /reservations/{id}</c> finds the event's Redis keys (and hash slot) without a global
/// index that would live in another slot. Format: <c>{prefix}_{eventId:N}_{random}</c>.
/// </summary>
public static class EntityIds
{
    /// <summary>Prefix of hold (reservation) ids.</summary>
    public const string HoldPrefix = "rsv";

    /// <summary>Prefix of order ids.</summary>
    public const string OrderPrefix = "ord";

    /// <summary>Prefix of ticket ids.</summary>
    public const string TicketPrefix = "tkt";

    /// <summary>Prefix of seat block ids.</summary>
    public const string BlockPrefix = "blk";

    /// <summary>A new, unguessable seat block id for the event.</summary>
    public static string NewBlockId(string eventId) => New(BlockPrefix, eventId);

    /// <summary>A new, unguessable reservation id for the event.</summary>
    public static string NewHoldId(string eventId) => New(HoldPrefix, eventId);

    /// <summary>A new, unguessable order id for the event.</summary>
    public static string NewOrderId(string eventId) => New(OrderPrefix, eventId);

    /// <summary>A new ticket id for the event.</summary>
    public static string NewTicketId(string eventId) => New(TicketPrefix, eventId);

    /// <summary>
    /// Reads the event id out of an id made here. False for anything else (a forged or mistyped
    /// id), which callers answer with 404.
    /// </summary>
    public static bool TryGetEventId(string id, string expectedPrefix, out string eventId)
    {
        eventId = "";
        var parts = id.Split('_');
        if (parts.Length != 3 || parts[0] != expectedPrefix || parts[2].Length == 0
            || !Guid.TryParseExact(parts[1], "N", out var guid))
        {
            return false;
        }

        eventId = guid.ToString("D", CultureInfo.InvariantCulture);
        return true;
    }

    private static string New(string prefix, string eventId) =>
        $"{prefix}_{Guid.Parse(eventId):N}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10))}";
}
