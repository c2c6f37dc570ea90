using StackExchange.Redis;
using Ticketing.Scripts.Connections;
using Ticketing.Scripts.Execution;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Replication;

/// <summary>
/// Runs commits on their own connection and asks Redis, with <c>WAIT</c>, whether enough replicas
/// hold them before the buyer is told.
/// <para>
/// <c>WAIT</c> counts the replicas that acknowledged every write made so far <em>by the connection
/// it runs on</em>, so it follows the commit script on the same connection. It blocks that
/// connection inside Redis until the replicas answer, and a multiplexer sends every command of a
/// process down one socket: on the engine's connection every hold and seat-map read would queue
/// behind it. Hence a connection for commits only.
/// </para>
/// </summary>
internal sealed class ReplicaAcknowledgement(IConnectionMultiplexer commits, ScriptRunner runner, CommitReplicationOptions options)
{
    /// <summary>
    /// How long a replay's mark lives: only its replication matters, and it must not pile up.
    /// </summary>
    private static readonly TimeSpan MarkLifetime = TimeSpan.FromMinutes(1);

    /// <summary>Runs the commit scripts, on the connection <see cref="AcknowledgedAsync"/> waits on.</summary>
    public ScriptRunner Runner => runner;

    /// <summary>
    /// True once <see cref="CommitReplicationOptions.CommitReplicas"/> replicas hold every commit this
    /// connection sent, false when they did not within the timeout or the primary cannot be asked.
    /// </summary>
    /// <param name="eventId">The event committed: its keys decide which primary is asked (one per shard on a cluster).</param>
    /// <param name="committedElsewhere">
    /// The order was committed earlier, maybe through another connection or process (a replay): a
    /// write on this connection first brings its replication offset past that commit, because
    /// <c>WAIT</c> alone would only cover this connection's own earlier writes.
    /// </param>
    public async Task<bool> AcknowledgedAsync(string eventId, bool committedElsewhere)
    {
        RedisKey mark = EventKeys.ReplicationMark(eventId);
        if (committedElsewhere)
        {
            try
            {
                await commits.GetDatabase().StringSetAsync(mark, 1, MarkLifetime).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsUnanswerable(exception))
            {
                return false;
            }
        }

        return await ReplicasHoldAsync(commits, mark, options).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>WAIT</c> on the primary that owns <paramref name="key"/>, over <paramref name="connection"/>:
    /// true once the configured replicas acknowledged every write that connection made so far.
    /// False when they did not in time, or when the primary cannot be asked (it is down or being
    /// replaced, or the connection still takes a demoted primary for it): then the writes may exist
    /// on the primary, but whether a replica has them is unknown.
    /// </summary>
    public static async Task<bool> ReplicasHoldAsync(IConnectionMultiplexer connection, RedisKey key, CommitReplicationOptions options)
    {
        try
        {
            var primary = await connection.GetDatabase().IdentifyEndpointAsync(key).ConfigureAwait(false);
            if (primary is null)
            {
                return false;
            }

            var acknowledged = await connection.GetServer(primary)
                .ExecuteAsync("WAIT", options.CommitReplicas, options.CommitReplicaTimeoutMs).ConfigureAwait(false);
            return (long)acknowledged >= options.CommitReplicas;
        }
        catch (Exception exception) when (IsUnanswerable(exception))
        {
            return false;
        }
    }

    /// <summary>
    /// The question cannot be answered now: the primary is unreachable or slow, or, during a
    /// failover, the server the connection still takes for the primary is a replica now.
    /// </summary>
    private static bool IsUnanswerable(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException || RedisRoleRefusal.IsIn(exception);
}
