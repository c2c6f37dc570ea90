using Dapper;
using Npgsql;

namespace Ticketing.Reconciler.Tests.Support;

/// <summary>What PostgreSQL holds, read the way an operator would check it.</summary>
public static class Rows
{
    public static async Task<long> CountAsync(this NpgsqlDataSource dataSource, string sql, object? parameters = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public static async Task<List<T>> QueryListAsync<T>(this NpgsqlDataSource dataSource, string sql, object? parameters = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<T>(sql, parameters)];
    }
}
