using Dapper;
using Npgsql;

namespace Ticketing.Load.Invariants;

/// <summary>The durable record of one event, as PostgreSQL has it.</summary>
public sealed class PostgresFacts(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<(string SeatId, long Tickets)>> SeatsSoldMoreThanOnceAsync(Guid eventId)
    {
        const string sql = """
            SELECT seat_id AS SeatId, count(*) AS Tickets
            FROM tickets
            WHERE event_id = @eventId
            GROUP BY seat_id
            HAVING count(*) > 1
            """;
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string SeatId, long Tickets)>(sql, new { eventId });
        return rows.ToList();
    }

    public async Task<IReadOnlySet<string>> MissingOrdersAsync(IReadOnlyCollection<string> orderIds)
    {
        const string sql = "SELECT id FROM orders WHERE id = ANY(@orderIds)";
        await using var connection = await dataSource.OpenConnectionAsync();
        var found = await connection.QueryAsync<string>(sql, new { orderIds = orderIds.ToArray() });
        var missing = orderIds.ToHashSet(StringComparer.Ordinal);
        missing.ExceptWith(found);
        return missing;
    }

    public async Task<IReadOnlySet<string>> TicketedSeatsAsync(Guid eventId)
    {
        const string sql = "SELECT seat_id FROM tickets WHERE event_id = @eventId";
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(sql, new { eventId })).ToHashSet(StringComparer.Ordinal);
    }
}
