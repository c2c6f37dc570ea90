using System.Globalization;
using Ticketing.Scripts.Outbox;

namespace Ticketing.Scripts.Tickets;

/// <summary>
/// A check-in as check_in.lua appends it to the event's outbox stream (kind <see cref="OutboxKinds.CheckIn"/>),
/// for the outbox writer to record in PostgreSQL. The field names are declared to the script from here.
/// </summary>
/// <param name="EntryId">The stream entry id.</param>
/// <param name="TicketId">The admitted ticket.</param>
/// <param name="OrderId">Its order.</param>
/// <param name="SeatId">Its seat.</param>
/// <param name="Holder">The buyer's user id.</param>
/// <param name="ScannedBy">The user id of the staff member (or admin) who scanned it.</param>
/// <param name="CheckedInAt">When (Redis clock).</param>
public sealed record CheckInEntry(string EntryId, string TicketId, string OrderId, string SeatId, string Holder, string ScannedBy, DateTimeOffset CheckedInAt)
{
    /// <summary>Field holding the ticket id.</summary>
    public const string TicketIdField = "ticket_id";

    /// <summary>Field holding the order id.</summary>
    public const string OrderIdField = "order_id";

    /// <summary>Field holding the seat id.</summary>
    public const string SeatIdField = "seat_id";

    /// <summary>Field holding the buyer's user id.</summary>
    public const string HolderField = "holder";

    /// <summary>Field holding the scanning user's id.</summary>
    public const string ScannedByField = "scanned_by";

    /// <summary>Field holding the admission time in Unix milliseconds.</summary>
    public const string CheckedInAtField = "checked_in_at_ms";

    /// <summary>The check-in an outbox record holds, or null when a field is missing or unreadable.</summary>
    public static CheckInEntry? From(OutboxRecord record)
    {
        var (ticket, order, seat, holder, scannedBy, at) = (record.Field(TicketIdField), record.Field(OrderIdField), record.Field(SeatIdField),
            record.Field(HolderField), record.Field(ScannedByField), record.Field(CheckedInAtField));
        return ticket is null || order is null || seat is null || holder is null || scannedBy is null
            || !long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? null
            : new CheckInEntry(record.EntryId, ticket, order, seat, holder, scannedBy, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
    }
}
