using System.Globalization;

namespace Ticketing.TestSupport;

/// <summary>
/// A real Redis Sentinel deployment on loopback: a primary (<see cref="RedisServer"/>), optionally
/// a replica of it, and sentinels (<c>redis-server --sentinel</c>) monitoring it under
/// <see cref="ServiceName"/>. With one sentinel it proves that a client configured with sentinels
/// and a service name finds the primary; with a replica and three sentinels (quorum 2), that a
/// killed primary is replaced by its replica and the client follows.
/// </summary>
public sealed class RedisSentinel : IAsyncDisposable
{
    public const string ServiceName = "ticketing";

    private readonly List<ServerProcess> _sentinels = [];
    private readonly List<string> _directories = [];

    private RedisSentinel(RedisServer primary, RedisServer? replica)
    {
        Primary = primary;
        Replica = replica;
    }

    /// <summary>host:port of every sentinel.</summary>
    public IReadOnlyList<string> Endpoints { get; private set; } = [];

    /// <summary>host:port of the first sentinel.</summary>
    public string Endpoint => Endpoints[0];

    /// <summary>The primary the sentinels monitor at the start.</summary>
    public RedisServer Primary { get; }

    /// <summary>Its replica, when one was asked for: the server Sentinel promotes when the primary dies.</summary>
    public RedisServer? Replica { get; }

    /// <summary>A StackExchange.Redis configuration string that reaches the primary through the sentinels.</summary>
    public string Configuration => $"{string.Join(',', Endpoints)},serviceName={ServiceName},abortConnect=false,connectRetry=5,syncTimeout=10000";

    /// <summary>Starts a primary (AOF, <c>appendfsync everysec</c>) watched by one sentinel.</summary>
    public static Task<RedisSentinel> StartAsync() => StartAsync(withReplica: false, sentinels: 1, appendFsync: "everysec");

    /// <summary>
    /// Starts a primary, a replica of it when <paramref name="withReplica"/>, and
    /// <paramref name="sentinels"/> sentinels with a majority quorum. With a replica, the sentinels
    /// call the primary down after 1 s of silence (production uses more, so that a pause is not a
    /// failover), so a test's failover takes seconds, not half a minute.
    /// </summary>
    public static async Task<RedisSentinel> StartAsync(bool withReplica, int sentinels, string appendFsync = "always")
    {
        var primary = await RedisServer.StartAsync(appendFsync).ConfigureAwait(false);
        RedisServer? replica = null;
        RedisSentinel? deployment = null;
        try
        {
            if (withReplica)
            {
                var (host, port) = Split(primary.Endpoint);
                replica = await RedisServer.StartAsync(appendFsync, ["--replicaof", host, port]).ConfigureAwait(false);
            }

            deployment = new RedisSentinel(primary, replica);
            await deployment.StartSentinelsAsync(sentinels, downAfterMs: withReplica ? 1000 : 5000).ConfigureAwait(false);
            if (replica is not null)
            {
                await Eventually.HoldsAsync(() => deployment.ReplicaIsInSync(), TimeSpan.FromSeconds(30), "the replica did not finish its first sync")
                    .ConfigureAwait(false);
            }

            return deployment;
        }
        catch
        {
            if (deployment is not null)
            {
                await deployment.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await primary.DisposeAsync().ConfigureAwait(false);
                if (replica is not null)
                {
                    await replica.DisposeAsync().ConfigureAwait(false);
                }
            }

            throw;
        }
    }

    /// <summary>The host:port the sentinels currently name as the primary (null while they cannot say).</summary>
    public string? CurrentPrimary()
    {
        foreach (var sentinel in Endpoints)
        {
            try
            {
                var lines = Commands.Run(Binaries.RedisCli, "-u", $"redis://{sentinel}", "sentinel", "get-master-addr-by-name", ServiceName)
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (lines.Length == 2)
                {
                    return $"{lines[0]}:{lines[1]}";
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        return null;
    }

    /// <summary>
    /// Restarts the killed primary and points it at the promoted replica, as a supervisor that
    /// asks the sentinels would. Sentinel turns it into a replica by itself too, but only when it
    /// next looks at it (every 10 s), which a test need not wait out.
    /// </summary>
    public async Task RestartPrimaryAsReplicaAsync()
    {
        await Primary.RestartAsync().ConfigureAwait(false);
        var (host, port) = Split(CurrentPrimary() ?? throw new InvalidOperationException("the sentinels name no primary"));
        Commands.Run(Binaries.RedisCli, "-u", $"redis://{Primary.Endpoint}", "replicaof", host, port);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sentinel in _sentinels)
        {
            sentinel.Kill();
        }

        await Primary.DisposeAsync().ConfigureAwait(false);
        if (Replica is not null)
        {
            await Replica.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var directory in _directories)
        {
            await Task.Run(() => RedisServer.TryDelete(directory)).ConfigureAwait(false);
        }
    }

    private async Task StartSentinelsAsync(int count, int downAfterMs)
    {
        var (primaryHost, primaryPort) = Split(Primary.Endpoint);
        var quorum = count / 2 + 1;
        var endpoints = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var port = FreePort.Next();
            var directory = Directory.CreateTempSubdirectory("ticketing-sentinel-").FullName;
            _directories.Add(directory);
            var config = Path.Combine(directory, "sentinel.conf");
            // The sentinel rewrites its file as it learns the deployment, so each has its own copy.
            await File.WriteAllTextAsync(config, $"""
                port {port.ToString(CultureInfo.InvariantCulture)}
                bind 127.0.0.1
                dir {directory}
                sentinel monitor {ServiceName} {primaryHost} {primaryPort} {quorum.ToString(CultureInfo.InvariantCulture)}
                sentinel down-after-milliseconds {ServiceName} {downAfterMs.ToString(CultureInfo.InvariantCulture)}
                sentinel failover-timeout {ServiceName} 10000
                sentinel parallel-syncs {ServiceName} 1
                """).ConfigureAwait(false);
            var sentinel = new ServerProcess($"redis-sentinel:{port}", Binaries.RedisServer, [config, "--sentinel", "--loglevel", "warning"]);
            sentinel.Start();
            _sentinels.Add(sentinel);
            endpoints.Add($"127.0.0.1:{port}");
        }

        Endpoints = endpoints;
        foreach (var (sentinel, endpoint) in _sentinels.Zip(endpoints))
        {
            await Commands.WaitUntilAsync(() => Task.FromResult(Knows(endpoint, count)), sentinel, TimeSpan.FromSeconds(30))
                .ConfigureAwait(false);
        }
    }

    /// <summary>The sentinel names the primary and, with several, has found the others (so a quorum can form).</summary>
    private bool Knows(string sentinel, int sentinels)
    {
        try
        {
            if (!Commands.Run(Binaries.RedisCli, "-u", $"redis://{sentinel}", "sentinel", "get-master-addr-by-name", ServiceName)
                .Contains(Split(Primary.Endpoint).Port, StringComparison.Ordinal))
            {
                return false;
            }

            if (Replica is not null && !Commands.Run(Binaries.RedisCli, "-u", $"redis://{sentinel}", "sentinel", "replicas", ServiceName)
                .Contains(Split(Replica.Endpoint).Port, StringComparison.Ordinal))
            {
                return false;
            }

            if (sentinels == 1)
            {
                return true;
            }

            var known = Commands.Run(Binaries.RedisCli, "-u", $"redis://{sentinel}", "sentinel", "sentinels", ServiceName)
                .Split('\n').Count(line => line.Trim() == "name");
            return known >= sentinels - 1;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private bool ReplicaIsInSync()
    {
        try
        {
            return Commands.Run(Binaries.RedisCli, "-u", $"redis://{Replica!.Endpoint}", "info", "replication")
                .Contains("master_link_status:up", StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static (string Host, string Port) Split(string endpoint) => (endpoint.Split(':')[0], endpoint.Split(':')[1]);
}
