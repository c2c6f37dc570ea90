using StackExchange.Redis;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

/// <summary>
/// The engine's behaviour, written once and run against every Redis deployment it supports:
/// a single server (<see cref="SingleServerEngineTests"/>) and a 3-master cluster
/// (<see cref="ClusterEngineTests"/>). Every test loads its own event, so tests run in parallel.
/// </summary>
public abstract partial class EngineContract(RedisTarget target)
{
    protected IConnectionMultiplexer Redis => target.Connection;

    protected EngineHarness NewHarness() => new(target.Connection);
}

public sealed class SingleServerEngineTests(SingleServerTarget target) : EngineContract(target), IClassFixture<SingleServerTarget>;

public sealed class ClusterEngineTests(ClusterTarget target) : EngineContract(target), IClassFixture<ClusterTarget>;
