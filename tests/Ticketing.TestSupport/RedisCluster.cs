using System.Globalization;
using StackExchange.Redis;

namespace Ticketing.TestSupport;

/// <summary>
/// A real 3-master Redis Cluster on loopback (no replicas), made with <c>redis-cli --cluster create</c>.
/// The engine's keys are hash-tagged per event, so every script must run unchanged here.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private const int BusPortOffset = 10_000;
    private static readonly Lazy<Task<RedisCluster>> SharedCluster = new(CreateSharedAsync);

    private readonly List<ServerProcess> _nodes;
    private readonly string _directory;

    private RedisCluster(List<ServerProcess> nodes, List<string> endpoints, string directory)
    {
        _nodes = nodes;
        Endpoints = endpoints;
        _directory = directory;
    }

    public IReadOnlyList<string> Endpoints { get; }

    /// <summary>A StackExchange.Redis configuration string naming every master.</summary>
    public string Configuration => $"{string.Join(',', Endpoints)},abortConnect=false,connectRetry=5,syncTimeout=10000";

    /// <summary>One cluster for the whole test run, started on first use.</summary>
    public static Task<RedisCluster> Shared => SharedCluster.Value;

    public static async Task<RedisCluster> StartAsync(int masters = 3)
    {
        var directory = Directory.CreateTempSubdirectory("ticketing-cluster-").FullName;
        var nodes = new List<ServerProcess>();
        var endpoints = new List<string>();
        for (var i = 0; i < masters; i++)
        {
            var port = FreePort.Next(alsoFree: BusPortOffset);
            var nodeDirectory = Directory.CreateDirectory(Path.Combine(directory, i.ToString(CultureInfo.InvariantCulture))).FullName;
            var node = new ServerProcess($"redis-cluster:{port}", Binaries.RedisServer,
            [
                "--port", port.ToString(CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--dir", nodeDirectory,
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "5000",
                "--appendonly", "yes",
                "--appendfsync", "everysec",
                "--save", "",
                "--loglevel", "warning",
            ]);
            node.Start();
            nodes.Add(node);
            endpoints.Add($"127.0.0.1:{port}");
        }

        var cluster = new RedisCluster(nodes, endpoints, directory);
        try
        {
            foreach (var (node, endpoint) in nodes.Zip(endpoints))
            {
                await Commands.WaitUntilAsync(() => Task.FromResult(Pings(endpoint)), node, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }

            Commands.Run(Binaries.RedisCli, ["--cluster", "create", .. endpoints, "--cluster-replicas", "0", "--cluster-yes"]);
            await Commands.WaitUntilAsync(cluster.IsHealthyAsync, nodes[0], TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Kill();
        }

        await Task.Run(() => RedisServer.TryDelete(_directory)).ConfigureAwait(false);
    }

    private async Task<bool> IsHealthyAsync()
    {
        foreach (var endpoint in Endpoints)
        {
            var info = Commands.Run(Binaries.RedisCli, "-u", $"redis://{endpoint}", "cluster", "info");
            if (!info.Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return false;
            }
        }

        // The client must also see all masters and their slots before a test may use it.
        var connection = await ConnectionMultiplexer.ConnectAsync(Configuration).ConfigureAwait(false);
        try
        {
            return connection.GetEndPoints().Length >= Endpoints.Count && connection.IsConnected;
        }
        finally
        {
            // Nothing is pending here: closing without waiting keeps the fixture's start short.
            connection.Close(allowCommandsToComplete: false);
            connection.Dispose();
        }
    }

    private static bool Pings(string endpoint)
    {
        try
        {
            return Commands.Run(Binaries.RedisCli, "-u", $"redis://{endpoint}", "ping").Contains("PONG", StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<RedisCluster> CreateSharedAsync()
    {
        var cluster = await StartAsync().ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return cluster;
    }
}
