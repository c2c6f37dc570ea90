using Dapper;
using Npgsql;

namespace Ticketing.Persistence.Ops;

/// <summary>An alarm to record (see <see cref="AlarmKinds"/>).</summary>
public sealed record NewAlarm(
    string Kind, Guid EventId, string? SeatId, string? OrderId, string? ExistingOrderId, string? EntryId, string Detail)
{
    /// <summary>Records alarms in the caller's transaction, so they commit with what they describe.</summary>
    public static Task InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<NewAlarm> alarms, CancellationToken cancellationToken) =>
        alarms.Count == 0 ? Task.CompletedTask : connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO alarms (kind, event_id, seat_id, order_id, existing_order_id, outbox_entry_id, detail)
            VALUES (@Kind, @EventId, @SeatId, @OrderId, @ExistingOrderId, @EntryId, @Detail)
            ON CONFLICT DO NOTHING
            """, alarms, transaction, cancellationToken: cancellationToken));
}
