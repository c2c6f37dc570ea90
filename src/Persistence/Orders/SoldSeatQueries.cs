using Dapper;
using Npgsql;


namespace Ticketing.Persistence.Orders;

/// <summary>A seat PostgreSQL records as sold: the truth Redis is rebuilt and repaired from.</summary>
public sealed record SoldSeat(string SeatId, string OrderId, string UserId);

/// <summary>Reads the sold seats of an event from the tickets table: active tickets only, a refunded ticket's seat is back on sale.</summary>
public sealed class SoldSeatQueries(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<SoldSeat>> ListAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var seats = await connection.QueryAsync<SoldSeat>(new CommandDefinition("""
            SELECT t.seat_id, t.order_id, o.user_id
            FROM tickets t JOIN orders o ON o.id = t.order_id
            WHERE t.event_id = @eventId AND t.status = 'active'
            """, new { eventId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. seats];
    }

    /// <summary>The subset of <paramref name="seatIds"/> that has an active ticket, with its owner.</summary>
    public async Task<IReadOnlyList<SoldSeat>> FindAsync(Guid eventId, IReadOnlyCollection<string> seatIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var seats = await connection.QueryAsync<SoldSeat>(new CommandDefinition("""
            SELECT t.seat_id, t.order_id, o.user_id
            FROM tickets t JOIN orders o ON o.id = t.order_id
            WHERE t.event_id = @eventId AND t.seat_id = ANY(@seatIds) AND t.status = 'active'
            """, new { eventId, seatIds = seatIds.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. seats];
    }
}
