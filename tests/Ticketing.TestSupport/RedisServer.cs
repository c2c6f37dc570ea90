using StackExchange.Redis;

namespace Ticketing.TestSupport;

/// <summary>
/// A real redis-server. <see cref="Shared"/> is the suite-wide instance: the one named by
/// TICKETING_TEST_REDIS (host:port, as <c>./ticketing test</c> sets it) or else a throwaway
/// process. Tests that kill or flush a server start their own with <see cref="StartAsync"/>.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly Lazy<Task<RedisServer>> SharedServer = new(CreateSharedAsync);

    private readonly ServerProcess? _process;
    private readonly string? _dataDirectory;

    private RedisServer(string endpoint, ServerProcess? process, string? dataDirectory)
    {
        Endpoint = endpoint;
        _process = process;
        _dataDirectory = dataDirectory;
    }

    /// <summary>host:port of the server.</summary>
    public string Endpoint { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"{Endpoint},abortConnect=false,connectRetry=5,syncTimeout=10000";

    public static Task<RedisServer> Shared => SharedServer.Value;

    /// <summary>
    /// Starts a dedicated server with AOF on and <c>appendfsync always</c>, the production setting
    /// that makes an acknowledged write survive <c>kill -9</c>.
    /// </summary>
    public static async Task<RedisServer> StartAsync(string appendFsync = "always", IEnumerable<string>? extraArguments = null)
    {
        var port = FreePort.Next();
        var directory = Directory.CreateTempSubdirectory("ticketing-redis-").FullName;
        var process = new ServerProcess($"redis:{port}", Binaries.RedisServer,
        [
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", directory,
            "--appendonly", "yes",
            "--appendfsync", appendFsync,
            "--save", "",
            "--daemonize", "no",
            "--loglevel", "warning",
            .. extraArguments ?? [],
        ]);
        var server = new RedisServer($"127.0.0.1:{port}", process, directory);
        await server.StartProcessAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>SIGKILL the server: what survives is exactly what reached the AOF.</summary>
    public void Kill() => (_process ?? throw NotOwned()).Kill();

    /// <summary>SIGSTOP: the server stops answering (and, as a replica, acknowledging) until <see cref="Resume"/>.</summary>
    public void Pause() => (_process ?? throw NotOwned()).Pause();

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => (_process ?? throw NotOwned()).Resume();

    /// <summary>Starts the server again on the same port and data folder.</summary>
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
            await Task.Run(() => TryDelete(_dataDirectory)).ConfigureAwait(false);
        }
    }

    private async Task StartProcessAsync()
    {
        _process!.Start();
        await Commands.WaitUntilAsync(PingsAsync, _process, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var connection = await ConnectionMultiplexer.ConnectAsync($"{Endpoint},abortConnect=false,connectTimeout=500")
                .ConfigureAwait(false);
            if (!connection.IsConnected)
            {
                return false;
            }

            // A server still replaying its AOF answers LOADING; it is ready only once that is done.
            await connection.GetDatabase().PingAsync().ConfigureAwait(false);
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    private static async Task<RedisServer> CreateSharedAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TICKETING_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new RedisServer(fromEnvironment, null, null);
        }

        // The suite's shared server trades fsync-per-write for speed; promise tests use StartAsync().
        var server = await StartAsync(appendFsync: "everysec").ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    private static InvalidOperationException NotOwned() =>
        new("this Redis was provided by the environment; start a dedicated one with RedisServer.StartAsync()");

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
