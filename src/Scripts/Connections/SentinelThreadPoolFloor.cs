namespace Ticketing.Scripts.Connections;

/// <summary>
/// Keeps a Sentinel failover from starving the process's thread pool.
/// <para>
/// StackExchange.Redis follows a failover with blocking calls on .NET thread-pool threads: for
/// each connection it manages through Sentinel, a once-a-second retry and the switch handler each
/// block a thread on a reconfiguration, and each fans its questions to the sentinels out over
/// further pool threads, one per sentinel, and waits for them. On a small machine the pool has
/// only a few threads and adds more slowly (in the failover test it stayed at 20 threads for 15 s
/// with hundreds of items queued), so those waits took every thread: holds, commits and the test's
/// own buyers queued behind them, and the Api answered nothing for up to 20 s after the primary
/// died, long after Sentinel had promoted the replica.
/// </para>
/// <para>
/// Raising the pool's minimum lets it start a thread at once for each one the client blocks, up
/// to what the client can block at worst. It costs nothing while nothing blocks: the pool starts
/// threads only for queued work.
/// </para>
/// </summary>
internal static class SentinelThreadPoolFloor
{
    /// <summary>Threads one managed connection can block: two callers, each waiting on a question per sentinel.</summary>
    private static int BlockableThreads(int sentinels) => 2 * (1 + sentinels);

    /// <summary>Raises the pool's minimum worker count so that the client's blocked threads never leave it short.</summary>
    /// <param name="managedConnections">Connections that follow the primary through Sentinel.</param>
    /// <param name="sentinels">Sentinels each of them asks.</param>
    public static void Ensure(int managedConnections, int sentinels)
    {
        var floor = Environment.ProcessorCount + managedConnections * BlockableThreads(sentinels);
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < floor)
        {
            ThreadPool.SetMinThreads(floor, completionPorts);
        }
    }
}
