namespace Ticketing.Api.Tests.Operations;

/// <summary>
/// Tests that time a recovery (a primary killed, the replica promoted, sales resuming within a
/// deadline): they run alone, after the rest of the assembly, so the deadline measures the
/// service's recovery and not the other test classes' load on a small machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverCollection
{
    public const string Name = "failover";
}
