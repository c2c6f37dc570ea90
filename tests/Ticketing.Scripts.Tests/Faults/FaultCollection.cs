namespace Ticketing.Scripts.Tests.Faults;

/// <summary>Tests that flush, kill or restart Redis: each starts its own server and runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "redis faults";
}
