using System.Globalization;

namespace Ticketing.TestSupport;

/// <summary>
/// A real Redis Sentinel deployment on loopback: a primary (<see cref="RedisServer"/>) and one
/// sentinel (<c>redis-server --sentinel</c>, quorum 1) monitoring it under <see cref="ServiceName"/>.
/// Enough to prove that a client configured with sentinels and a service name finds the primary.
/// </summary>
public sealed class RedisSentinel : IAsyncDisposable
{
    public const string ServiceName = "ticketing";

    private readonly RedisServer _primary;
    private readonly ServerProcess _sentinel;
    private readonly string _directory;

    private RedisSentinel(RedisServer primary, ServerProcess sentinel, string endpoint, string directory)
    {
        _primary = primary;
        _sentinel = sentinel;
        Endpoint = endpoint;
        _directory = directory;
    }

    /// <summary>host:port of the sentinel.</summary>
    public string Endpoint { get; }

    /// <summary>The primary the sentinel monitors.</summary>
    public RedisServer Primary => _primary;

    /// <summary>A StackExchange.Redis configuration string that reaches the primary through the sentinel.</summary>
    public string Configuration => $"{Endpoint},serviceName={ServiceName},abortConnect=false,connectRetry=5,syncTimeout=10000";

    public static async Task<RedisSentinel> StartAsync()
    {
        var primary = await RedisServer.StartAsync(appendFsync: "everysec").ConfigureAwait(false);
        var port = FreePort.Next();
        var directory = Directory.CreateTempSubdirectory("ticketing-sentinel-").FullName;
        var config = Path.Combine(directory, "sentinel.conf");
        var (primaryHost, primaryPort) = (primary.Endpoint.Split(':')[0], primary.Endpoint.Split(':')[1]);
        // The sentinel rewrites its file as it learns the deployment, so it must be its own copy.
        await File.WriteAllTextAsync(config, $"""
            port {port.ToString(CultureInfo.InvariantCulture)}
            bind 127.0.0.1
            dir {directory}
            sentinel monitor {ServiceName} {primaryHost} {primaryPort} 1
            sentinel down-after-milliseconds {ServiceName} 5000
            """).ConfigureAwait(false);
        var sentinel = new ServerProcess($"redis-sentinel:{port}", Binaries.RedisServer, [config, "--sentinel", "--loglevel", "warning"]);
        sentinel.Start();
        var deployment = new RedisSentinel(primary, sentinel, $"127.0.0.1:{port}", directory);
        try
        {
            await Commands.WaitUntilAsync(() => Task.FromResult(deployment.KnowsPrimary()), sentinel, TimeSpan.FromSeconds(30))
                .ConfigureAwait(false);
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _sentinel.Kill();
        await _primary.DisposeAsync().ConfigureAwait(false);
        await Task.Run(() => RedisServer.TryDelete(_directory)).ConfigureAwait(false);
    }

    private bool KnowsPrimary()
    {
        try
        {
            return Commands.Run(Binaries.RedisCli, "-u", $"redis://{Endpoint}", "sentinel", "get-master-addr-by-name", ServiceName)
                .Contains(_primary.Endpoint.Split(':')[1], StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
