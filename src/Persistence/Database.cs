using Dapper;
using Npgsql;

namespace Ticketing.Persistence;

/// <summary>The one way this project opens a PostgreSQL connection, so Dapper's conventions are set before any query.</summary>
public static class Database
{
    // Columns are snake_case, records PascalCase: let Dapper map one to the other everywhere.
    static Database() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public static ValueTask<NpgsqlConnection> ConnectAsync(this NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        dataSource.OpenConnectionAsync(cancellationToken);
}
