using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Ticketing.Persistence.Migrations;
using Ticketing.TestSupport;

namespace Ticketing.Reconciler.Tests.Persistence;

public sealed class MigrationRunnerTests
{
    [Fact]
    public async Task AMigrationChangedAfterADatabaseAppliedItStopsTheStartWithAClearError()
    {
        var connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("migrate");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync(CancellationToken.None);

        // As if the database had applied an earlier text of migration 1.
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = 'earlier-text' WHERE version = 1");
        }

        var mismatch = await Assert.ThrowsAsync<MigrationMismatchException>(() => runner.ApplyAsync(CancellationToken.None));
        Assert.Contains("0001_", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentStartsApplyEveryMigrationExactlyOnce()
    {
        var connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("migrate");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        // Four processes starting at once contend for the advisory lock; each migration lands once.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None)));

        await using var connection = await dataSource.OpenConnectionAsync();
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(MigrationRunner.Embedded.Select(m => m.Version), versions);
        Assert.True(await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).IsUpToDateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TicketsRejectASecondSaleOfTheSameSeat()
    {
        var connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("migrate");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);

        await using var connection = await dataSource.OpenConnectionAsync();
        var eventId = Guid.NewGuid();
        await connection.ExecuteAsync("""
            INSERT INTO events (id, title, venue, starts_at, currency, hold_ttl_seconds, max_seats_per_hold, max_tickets_per_user)
            VALUES (@eventId, 'Night', 'Arena', now(), 'USD', 300, 8, 8);
            INSERT INTO orders (id, event_id, user_id, reservation_id, idempotency_key, total_amount, currency,
                                payment_transaction_id, status, confirmed_at)
            VALUES ('o1', @eventId, 'u1', 'r1', 'k1', 10, 'USD', 'x1', 'confirmed', now()),
                   ('o2', @eventId, 'u2', 'r2', 'k2', 10, 'USD', 'x2', 'confirmed', now());
            INSERT INTO tickets (id, order_id, event_id, seat_id, code, price) VALUES ('t1', 'o1', @eventId, 'FLOOR-A-1', 'c1', 10);
            """, new { eventId });

        var violation = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "INSERT INTO tickets (id, order_id, event_id, seat_id, code, price) VALUES ('t2', 'o2', @eventId, 'FLOOR-A-1', 'c2', 10)",
            new { eventId }));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, violation.SqlState);
    }
}
