using Dapper;
using Npgsql;

namespace Ticketing.Persistence.WaitingRooms;

/// <summary>Waiting-room settings in PostgreSQL: written by the admin route, read by every Api process and the admission job.</summary>
public sealed class WaitingRoomStore(NpgsqlDataSource dataSource)
{
    private const string SelectRooms = """
        SELECT event_id, enabled, admit_per_second, admission_ttl_seconds, max_active, opens_at,
               abandon_after_seconds, target_p99_ms, paused
        FROM waiting_rooms
        """;

    public async Task SaveAsync(WaitingRoomRecord room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO waiting_rooms (event_id, enabled, admit_per_second, admission_ttl_seconds, max_active, opens_at,
                                       abandon_after_seconds, target_p99_ms, paused, updated_at)
            VALUES (@EventId, @Enabled, @AdmitPerSecond, @AdmissionTtlSeconds, @MaxActive, @OpensAt,
                    @AbandonAfterSeconds, @TargetP99Ms, @Paused, now())
            ON CONFLICT (event_id) DO UPDATE SET
                enabled = EXCLUDED.enabled, admit_per_second = EXCLUDED.admit_per_second,
                admission_ttl_seconds = EXCLUDED.admission_ttl_seconds, max_active = EXCLUDED.max_active,
                opens_at = EXCLUDED.opens_at, abandon_after_seconds = EXCLUDED.abandon_after_seconds,
                target_p99_ms = EXCLUDED.target_p99_ms, paused = EXCLUDED.paused, updated_at = now()
            """,
            new
            {
                room.EventId, room.Enabled, room.AdmitPerSecond, room.AdmissionTtlSeconds, room.MaxActive,
                OpensAt = room.OpensAt?.UtcDateTime, room.AbandonAfterSeconds, room.TargetP99Ms, room.Paused,
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<WaitingRoomRecord?> GetAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{SelectRooms} WHERE event_id = @eventId", new { eventId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <summary>Every room that is on: one small read, made by each process about once a second.</summary>
    public async Task<IReadOnlyList<WaitingRoomRecord>> ListEnabledAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{SelectRooms} WHERE enabled", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(row => row.ToRecord())];
    }

    // Npgsql reads timestamptz as a UTC DateTime.
    private sealed record Row(
        Guid EventId, bool Enabled, int AdmitPerSecond, int AdmissionTtlSeconds, int MaxActive, DateTime? OpensAt,
        int AbandonAfterSeconds, int TargetP99Ms, bool Paused)
    {
        public WaitingRoomRecord ToRecord() => new(
            EventId, Enabled, AdmitPerSecond, AdmissionTtlSeconds, MaxActive,
            OpensAt is { } opensAt ? new DateTimeOffset(DateTime.SpecifyKind(opensAt, DateTimeKind.Utc)) : null,
            AbandonAfterSeconds, TargetP99Ms, Paused);
    }
}
