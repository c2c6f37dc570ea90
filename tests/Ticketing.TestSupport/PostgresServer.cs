using System.Globalization;
using Npgsql;

namespace Ticketing.TestSupport;

/// <summary>
/// A real PostgreSQL server. <see cref="Shared"/> is the suite-wide instance: the one named by
/// TICKETING_TEST_PG (an Npgsql connection string without a database, as <c>./ticketing test</c>
/// sets it) or else a throwaway cluster made with initdb. Every test asks for its own database
/// with <see cref="CreateDatabaseAsync"/>, so tests never see each other's rows.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(CreateSharedAsync);

    private readonly ServerProcess? _process;
    private readonly string? _dataDirectory;

    private PostgresServer(string connectionString, ServerProcess? process, string? dataDirectory)
    {
        ConnectionString = connectionString;
        _process = process;
        _dataDirectory = dataDirectory;
    }

    /// <summary>Connection string of the server's maintenance database.</summary>
    public string ConnectionString { get; }

    public static Task<PostgresServer> Shared => SharedServer.Value;

    /// <summary>Creates a fresh cluster with initdb and starts it on a free loopback port.</summary>
    /// <param name="durable">false turns fsync off: fine for a process kill, not for a power cut.</param>
    public static async Task<PostgresServer> StartAsync(bool durable = true)
    {
        var port = FreePort.Next();
        var directory = Directory.CreateTempSubdirectory("ticketing-pg-").FullName;
        var data = Path.Combine(directory, "data");
        if (Binaries.IsRoot)
        {
            Commands.Run("chown", "-R", "postgres:postgres", directory);
        }

        var (initdb, initdbArguments) = Binaries.AsServiceUser(Binaries.PostgresBin("initdb"),
            ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"]);
        Commands.Run(initdb, initdbArguments);

        var (postgres, arguments) = Binaries.AsServiceUser(Binaries.PostgresBin("postgres"),
        [
            "-D", data,
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-k", directory,
            "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=300",
            "-c", $"fsync={(durable ? "on" : "off")}",
            "-c", "shared_buffers=128MB",
        ]);
        var process = new ServerProcess($"postgres:{port}", postgres, arguments);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;
        var server = new PostgresServer(connectionString, process, directory);
        await server.StartProcessAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>SIGKILL the postmaster, as a crash would.</summary>
    public void Kill() => (_process ?? throw NotOwned()).Kill();

    /// <summary>Starts the server again on the same port and data; it runs crash recovery first.</summary>
    public Task RestartAsync()
    {
        var process = _process ?? throw NotOwned();
        process.Kill();
        return StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _process?.Kill();
        if (_dataDirectory is not null)
        {
            await Task.Run(() => RedisServer.TryDelete(_dataDirectory)).ConfigureAwait(false);
        }
    }

    private async Task StartProcessAsync()
    {
        _process!.Start();
        await Commands.WaitUntilAsync(AcceptsConnectionsAsync, _process, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<PostgresServer> CreateSharedAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TICKETING_TEST_PG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var builder = new NpgsqlConnectionStringBuilder(fromEnvironment) { Database = "postgres", Pooling = false };
            return new PostgresServer(builder.ConnectionString, null, null);
        }

        var server = await StartAsync(durable: false).ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    private static InvalidOperationException NotOwned() =>
        new("this PostgreSQL was provided by the environment; start a dedicated one with PostgresServer.StartAsync()");
}
