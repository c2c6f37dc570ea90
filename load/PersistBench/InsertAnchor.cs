using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Ticketing.PersistBench;

/// <summary>
/// The anchor: how many rows per second this PostgreSQL takes through plain multi-row INSERTs of
/// order-shaped rows, 1,000 rows per transaction, in the same run. The writer's orders/s is
/// reported against it (each order is three rows: order, ticket, payment, plus the duplicate checks).
/// </summary>
internal static class InsertAnchor
{
    public static async Task<double> RowsPerSecondAsync(NpgsqlDataSource dataSource, TimeSpan duration)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            CREATE TABLE anchor_rows (
                id text PRIMARY KEY, event_id uuid NOT NULL, user_id text NOT NULL, amount numeric(12,2) NOT NULL,
                confirmed_at timestamptz NOT NULL)
            """);
        var eventId = Guid.NewGuid();
        var rows = 0L;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var ids = Enumerable.Range(0, 1_000).Select(i => $"anchor-{rows + i}").ToArray();
            await connection.ExecuteAsync("""
                INSERT INTO anchor_rows (id, event_id, user_id, amount, confirmed_at)
                SELECT id, @eventId, 'user-' || id, 120.50, now() FROM unnest(@ids::text[]) AS id
                """, new { eventId, ids });
            rows += ids.Length;
        }

        return rows / clock.Elapsed.TotalSeconds;
    }
}
