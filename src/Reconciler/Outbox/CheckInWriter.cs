using Dapper;
using Npgsql;
using Ticketing.Scripts.Outbox;
using Ticketing.Scripts.Tickets;

namespace Ticketing.Reconciler.Outbox;

/// <summary>
/// Records the outbox's check-in entries (<see cref="OutboxKinds.CheckIn"/>) in <c>ticket_checkins</c>, in the
/// batch's transaction. Redis admitted each ticket once, so there is one entry per ticket; a redelivered entry
/// meets the primary key and changes nothing.
/// </summary>
public sealed class CheckInWriter : IOutboxKindWriter
{
    public string Kind => OutboxKinds.CheckIn;

    public async Task<IReadOnlyList<MalformedOutboxEntry>> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid eventId, IReadOnlyList<OutboxRecord> records, CancellationToken cancellationToken)
    {
        var malformed = new List<MalformedOutboxEntry>();
        var checkIns = new List<CheckInEntry>(records.Count);
        foreach (var record in records)
        {
            if (CheckInEntry.From(record) is { } checkIn)
            {
                checkIns.Add(checkIn);
            }
            else
            {
                malformed.Add(new MalformedOutboxEntry(record.EntryId, "check-in entry lacks a field",
                    string.Join(' ', record.Fields.Select(field => $"{field.Key}={field.Value}"))));
            }
        }

        if (checkIns.Count > 0)
        {
            // One statement for the batch: arrays unnested side by side.
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO ticket_checkins (ticket_id, event_id, order_id, seat_id, holder, scanned_by, checked_in_at, outbox_entry_id)
                SELECT t.ticket_id, @eventId, t.order_id, t.seat_id, t.holder, t.scanned_by, t.checked_in_at, t.entry_id
                FROM unnest(@ticketIds, @orderIds, @seatIds, @holders, @scannedBy, @checkedInAt, @entryIds)
                    AS t(ticket_id, order_id, seat_id, holder, scanned_by, checked_in_at, entry_id)
                ON CONFLICT (ticket_id) DO NOTHING
                """,
                new
                {
                    eventId,
                    ticketIds = checkIns.Select(c => c.TicketId).ToArray(),
                    orderIds = checkIns.Select(c => c.OrderId).ToArray(),
                    seatIds = checkIns.Select(c => c.SeatId).ToArray(),
                    holders = checkIns.Select(c => c.Holder).ToArray(),
                    scannedBy = checkIns.Select(c => c.ScannedBy).ToArray(),
                    checkedInAt = checkIns.Select(c => c.CheckedInAt.UtcDateTime).ToArray(),
                    entryIds = checkIns.Select(c => c.EntryId).ToArray(),
                },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        return malformed;
    }
}
