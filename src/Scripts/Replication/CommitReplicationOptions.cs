namespace Ticketing.Scripts.Replication;

/// <summary>
/// How many replicas must hold a commit before the buyer is told it succeeded (section <c>Redis</c>).
/// Off (0) by default: a single Redis with <c>appendfsync always</c> has no replica to wait for.
/// With Sentinel, 1: an order answered 200 is then on two machines, so it survives the loss of the
/// primary (README, "Keeping paid orders safe in production").
/// </summary>
public sealed class CommitReplicationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Redis";

    /// <summary>Replicas that must acknowledge a commit (<c>WAIT n</c>); 0 answers without waiting.</summary>
    public int CommitReplicas { get; set; }

    /// <summary>
    /// How long a commit waits for them (<c>WAIT n ms</c>). Past it the commit answers "not yet
    /// safe" and the buyer retries with the same idempotency key. Kept well under the client's
    /// 5 s command timeout, so a wait never looks like a dead connection.
    /// </summary>
    public int CommitReplicaTimeoutMs { get; set; } = 1000;

    /// <summary>
    /// Connections commits are spread over when they wait. Each <c>WAIT</c> holds its connection
    /// until the replicas answer, so on one connection every commit queues behind the others'
    /// waits; over several the waits overlap, and one acknowledgement from the replica answers them
    /// all (docs/BENCHMARKS.md, "Commits that wait for the replica").
    /// </summary>
    public int CommitConnections { get; set; } = 4;

    /// <summary>Whether commits wait for replicas at all.</summary>
    public bool Enabled => CommitReplicas > 0;

    /// <summary>Refuses settings that cannot work, at start.</summary>
    public void Validate()
    {
        if (CommitReplicas is < 0 or > 5)
        {
            throw new InvalidOperationException($"Redis:CommitReplicas must be 0..5, not {CommitReplicas}");
        }

        if (CommitConnections is < 1 or > 32)
        {
            throw new InvalidOperationException($"Redis:CommitConnections must be 1..32, not {CommitConnections}");
        }

        if (CommitReplicaTimeoutMs is < 10 or > 4000)
        {
            throw new InvalidOperationException($"Redis:CommitReplicaTimeoutMs must be 10..4000, not {CommitReplicaTimeoutMs}");
        }
    }
}
