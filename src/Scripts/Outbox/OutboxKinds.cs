namespace Ticketing.Scripts.Outbox;

/// <summary>
/// What an outbox stream entry records. Each entry names its kind in <see cref="KindField"/>; an
/// entry without the field is an order, so entries written before kinds existed still read.
/// </summary>
public static class OutboxKinds
{
    /// <summary>Stream field naming the entry's kind.</summary>
    public const string KindField = "kind";

    /// <summary>A committed order (commit_hold.lua); also what an entry without <see cref="KindField"/> is.</summary>
    public const string Order = "order";

    /// <summary>A ticket admitted at the gate (check_in.lua); fields in <see cref="Tickets.CheckInEntry"/>.</summary>
    public const string CheckIn = "checkin";

    /// <summary>
    /// A refund of some or all tickets of an order (refund_tickets.lua). Fields: <see cref="OrderIdField"/>,
    /// the order as it stands after the refund (<c>order</c>, OrderCodec JSON, with
    /// <see cref="OrderConfirmedAtField"/>), and <c>confirmed_at_ms</c> = when the refund happened.
    /// </summary>
    public const string Cancellation = "cancellation";

    /// <summary>The order an entry of another kind is about, so drift repair can tell it is still on its way.</summary>
    public const string OrderIdField = "order_id";

    /// <summary>Cancellation entries: when the order was confirmed (Unix ms), to write the order itself if PostgreSQL lacks it.</summary>
    public const string OrderConfirmedAtField = "order_confirmed_at_ms";
}

/// <summary>
/// An outbox entry of a kind other than <see cref="OutboxKinds.Order"/>, with its fields as the
/// script wrote them. The writer for its kind decodes them.
/// </summary>
/// <param name="EntryId">The stream entry id.</param>
/// <param name="Kind">The entry's <see cref="OutboxKinds.KindField"/>.</param>
/// <param name="Fields">Every field of the entry, by name.</param>
public sealed record OutboxRecord(string EntryId, string Kind, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The field's value, or null when the entry lacks it.</summary>
    public string? Field(string name) => Fields.GetValueOrDefault(name);
}
