using StackExchange.Redis;

namespace Ticketing.Scripts.Connections;

/// <summary>
/// The one place a process's Redis connections are made, all from one configuration string
/// (<c>ConnectionStrings:Redis</c>):
/// <list type="bullet">
/// <item>a single server: <c>127.0.0.1:6379</c>;</item>
/// <item>Redis Cluster: any of its masters, <c>10.0.0.1:7000,10.0.0.2:7000</c> (the client
/// discovers the rest and routes each event's keys to the master owning its hash slot);</item>
/// <item>Redis Sentinel: the sentinels and the monitored primary's name,
/// <c>10.0.0.1:26379,10.0.0.2:26379,serviceName=ticketing</c> (the client asks the sentinels
/// for the primary and follows a failover).</item>
/// </list>
/// Connections are made lazily and keep retrying, so a process starts (and reports not-ready)
/// while Redis is down instead of crashing.
/// </summary>
public sealed class RedisConnectionFactory : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _engine;
    private readonly Lazy<ConnectionMultiplexer> _outboxWriter;
    private readonly Lazy<ConnectionMultiplexer>[] _commits;
    private int _disposed;

    /// <summary>Prepares (without connecting) the connections described by <paramref name="configuration"/>.</summary>
    /// <param name="configuration">The StackExchange.Redis configuration string.</param>
    /// <param name="commitConnections">How many <see cref="Commits"/> connections to offer.</param>
    /// <exception cref="ArgumentException">The configuration string cannot be parsed.</exception>
    public RedisConnectionFactory(string configuration, int commitConnections = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(commitConnections, 1);
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        _engine = Connection(options, "ticketing");
        _outboxWriter = Connection(options, "ticketing-outbox-writer", SocketManager.ThreadPool);
        _commits = [.. Enumerable.Range(1, commitConnections).Select(lane => Connection(options, $"ticketing-commits-{lane}"))];
        if (options.ServiceName is not null)
        {
            SentinelThreadPoolFloor.Ensure(managedConnections: 2 + commitConnections, sentinels: options.EndPoints.Count);
        }
    }

    /// <summary>The connection of the engine's scripts: holds, commits, seat maps, jobs.</summary>
    public IConnectionMultiplexer Engine => _engine.Value;

    /// <summary>
    /// The outbox writer's own connection. A multiplexer sends every command down one socket in
    /// order, so on the engine's connection the writer's reads and acknowledgements would wait
    /// behind a sale's backlog of holds, exactly when persist lag matters most.
    /// For the same reason its replies are read on the .NET thread pool, not by the client's shared
    /// socket threads that also read the engine's replies and are busy with them during a sale.
    /// </summary>
    public IConnectionMultiplexer OutboxWriter => _outboxWriter.Value;

    /// <summary>
    /// The connections commits run on when they wait for replicas: <c>WAIT</c> blocks the connection
    /// it runs on, and on <see cref="Engine"/> every hold and read would queue behind it. Made only
    /// when commits wait for replicas.
    /// </summary>
    public IReadOnlyList<IConnectionMultiplexer> Commits => [.. _commits.Select(connection => connection.Value)];

    /// <summary>
    /// Closes every connection made, without waiting for replies still in flight: at shutdown
    /// nobody awaits them. A connection never made is not made now.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var connection in _commits.Append(_outboxWriter).Append(_engine).Where(connection => connection.IsValueCreated))
        {
            connection.Value.Close(allowCommandsToComplete: false);
            connection.Value.Dispose();
        }
    }

    private static Lazy<ConnectionMultiplexer> Connection(ConfigurationOptions shared, string clientName, SocketManager? sockets = null) => new(() =>
    {
        var options = shared.Clone();
        options.ClientName ??= clientName;
        if (sockets is not null)
        {
            options.SocketManager = sockets;
        }

        return ConnectionMultiplexer.Connect(options);
    });
}
