using System.Globalization;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Orders;

namespace Ticketing.Scripts.Keys;

/// <summary>
/// The constants that both the C# side and the Lua scripts need, with C# as their one source:
/// <see cref="LuaPrelude"/> declares them as Lua locals ahead of every engine script, so a
/// script names <c>HOLD_TTL_MAX</c> or <c>OUTBOX_WAKE</c> and never types the value again.
/// </summary>
public static class ScriptConstants
{
    /// <summary>
    /// Pub/sub channel on which every commit publishes its event's id, so outbox writers read that
    /// stream at once instead of polling every stream. One channel for all events, not tagged: a
    /// channel is not a key, and Redis Cluster delivers a PUBLISH to subscribers on every node.
    /// </summary>
    public const string OutboxWake = "outbox:wake";

    /// <summary>
    /// Change messages kept per event in its change log (<see cref="EventKeys.ChangeLog"/>), at
    /// least; Redis trims whole stream nodes, so a few more may stay. At 500 seat changes a second
    /// this covers 20 s: a client reconnecting after an Api restart resumes instead of reloading
    /// the map. About 100-200 bytes an entry, so 1-2 MB per event on sale.
    /// </summary>
    public const int ChangeLogLength = 10_000;

    /// <summary>The stream field of a change-log entry holding the change message.</summary>
    public const string ChangeField = "m";

    /// <summary>
    /// A field that load_event gives the per-row hashes (<see cref="EventKeys.RowFree"/>,
    /// <see cref="EventKeys.RowAt"/>) with a value longer than Redis's <c>hash-max-listpack-value</c>
    /// (64 bytes by default). A hash of fewer than <c>hash-max-listpack-entries</c> (512) short fields
    /// is kept as a listpack, which Redis searches field by field; one long value makes it a hash
    /// table for good. No row id can take the name: ids are letters, digits, '_' and '-'.
    /// </summary>
    public const string HashTableField = ":table";

    /// <summary>The Lua declarations of these constants, prepended to every engine script.</summary>
    internal static string LuaPrelude { get; } = string.Join('\n',
        "-- Generated from Keys/ScriptConstants.cs: the C# side is the one source of these values.",
        Declare("HOLD_TTL_MIN", HoldLimits.MinTtlSeconds),
        Declare("HOLD_TTL_MAX", HoldLimits.MaxTtlSeconds),
        Declare("OUTBOX_WAKE", OutboxWake),
        Declare("ORDER_FIELD", OrderCodec.OrderField),
        Declare("CONFIRMED_AT_FIELD", OrderCodec.ConfirmedAtField),
        Declare("TRACE_PARENT_FIELD", OrderCodec.TraceParentField),
        Declare("CHANGE_LOG_LENGTH", ChangeLogLength),
        Declare("CHANGE_FIELD", ChangeField),
        Declare("HASH_TABLE_FIELD", HashTableField),
        Declare("SALE_ON_SALE", Lifecycle.SaleStatuses.OnSale),
        Declare("SALE_SCHEDULED", Lifecycle.SaleStatuses.Scheduled),
        Declare("CHECKIN_FIELD_PREFIX", Tickets.CheckInScript.FieldPrefix),
        Declare("CHECKIN_KIND", Outbox.OutboxKinds.CheckIn),
        Declare("CHECKIN_TICKET_FIELD", Tickets.CheckInEntry.TicketIdField),
        Declare("CHECKIN_ORDER_FIELD", Tickets.CheckInEntry.OrderIdField),
        Declare("CHECKIN_SEAT_FIELD", Tickets.CheckInEntry.SeatIdField),
        Declare("CHECKIN_HOLDER_FIELD", Tickets.CheckInEntry.HolderField),
        Declare("CHECKIN_SCANNED_BY_FIELD", Tickets.CheckInEntry.ScannedByField),
        Declare("CHECKIN_AT_FIELD", Tickets.CheckInEntry.CheckedInAtField),
        Declare("KIND_FIELD", Outbox.OutboxKinds.KindField),
        Declare("KIND_CANCELLATION", Outbox.OutboxKinds.Cancellation),
        Declare("ORDER_ID_FIELD", Outbox.OutboxKinds.OrderIdField),
        Declare("ORDER_CONFIRMED_AT_FIELD", Outbox.OutboxKinds.OrderConfirmedAtField),
        Declare("TICKET_REFUNDED", TicketStatuses.Refunded),
        Declare("ORDER_REFUNDED", OrderStatuses.Refunded),
        Declare("ORDER_PARTIALLY_REFUNDED", OrderStatuses.PartiallyRefunded));

    private static string Declare(string name, int value) => $"local {name} = {value.ToString(CultureInfo.InvariantCulture)}";

    // Only identifier-like words are declared, so quoting needs no escaping.
    private static string Declare(string name, string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '_' or '-')
            ? $"local {name} = '{value}'"
            : throw new InvalidOperationException($"{name} cannot be declared in Lua as written: {value}");
}
