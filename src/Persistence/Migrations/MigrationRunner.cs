using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ticketing.Persistence.Migrations;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_name.sql</c> files in order, each in its own
/// transaction, under a PostgreSQL advisory lock so that N processes starting at once apply each
/// migration exactly once. Each applied migration's checksum is recorded; a shipped file that no
/// longer matches what a database applied stops the start-up with a clear error instead of
/// running against a schema the code does not expect.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    // Any fixed number works; it only has to be the same in every process.
    private const long AdvisoryLockKey = 0x7469636B6574; // "ticket"
    private const string ResourcePrefix = "Ticketing.Persistence.Migrations.";

    /// <summary>The migrations shipped in this build, ordered by version.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("SELECT pg_advisory_lock(@AdvisoryLockKey)", new { AdvisoryLockKey }).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    checksum   text        NOT NULL
                )
                """).ConfigureAwait(false);
            var applied = (await connection.QueryAsync<(int Version, string Checksum)>(
                "SELECT version, checksum FROM schema_migrations").ConfigureAwait(false)).ToDictionary(row => row.Version, row => row.Checksum);
            EnsureUnchanged(applied);

            foreach (var migration in Embedded.Where(m => !applied.ContainsKey(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(migration.Sql, transaction: transaction).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
                    new { migration.Version, migration.Name, migration.Checksum }, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
            }
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@AdvisoryLockKey)", new { AdvisoryLockKey }).ConfigureAwait(false);
        }
    }

    /// <summary>True when every embedded migration is recorded as applied.</summary>
    public async Task<bool> IsUpToDateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var exists = await connection.ExecuteScalarAsync<bool>(
            "SELECT to_regclass('schema_migrations') IS NOT NULL").ConfigureAwait(false);
        if (!exists)
        {
            return false;
        }

        var latest = await connection.ExecuteScalarAsync<int?>("SELECT max(version) FROM schema_migrations").ConfigureAwait(false);
        return latest >= Embedded[^1].Version;
    }

    private static void EnsureUnchanged(Dictionary<int, string> applied)
    {
        var changed = Embedded.Where(m => applied.TryGetValue(m.Version, out var checksum) && checksum != m.Checksum).ToList();
        if (changed.Count > 0)
        {
            throw new MigrationMismatchException(
                $"migration(s) {string.Join(", ", changed.Select(m => $"{m.Version:D4}_{m.Name}"))} changed after this database applied them; " +
                "restore the shipped files or recreate the database");
        }
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => Read(assembly, name))
            .OrderBy(m => m.Version)];
    }

    private static Migration Read(Assembly assembly, string resourceName)
    {
        var fileName = resourceName[ResourcePrefix.Length..^".sql".Length];
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(fileName[..separator], System.Globalization.CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}

/// <summary>One versioned schema change.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the SQL text, recorded when applied.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Sql)));
}

/// <summary>A database applied a different version of a shipped migration.</summary>
public sealed class MigrationMismatchException(string message) : Exception(message);
