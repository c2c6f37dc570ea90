using StackExchange.Redis;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Outbox;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.Replication;
using Ticketing.Scripts.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Scripts.Tests.Faults;

/// <summary>
/// Commits that wait for a replica (<c>WAIT 1</c>): confirmed only once the replica holds the
/// order; otherwise "not replicated", and the retry with the same key replays it once the replica
/// has it, or, after the primary was lost without it, commits it again on the promoted replica.
/// A replica is paused (SIGSTOP) to stand for one that is slow or cut off.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ReplicatedCommitTests : IAsyncLifetime
{
    // A commit expected to be confirmed may wait long on a loaded machine; one expected not to be
    // waits out its whole timeout, so that one is short.
    private static readonly CommitReplicationOptions Patient = new() { CommitReplicas = 1, CommitReplicaTimeoutMs = 4000 };
    private static readonly CommitReplicationOptions Impatient = new() { CommitReplicas = 1, CommitReplicaTimeoutMs = 300 };

    private readonly List<IDisposable> _connections = [];
    private RedisServer _primary = null!;
    private RedisServer _replica = null!;

    public async Task InitializeAsync()
    {
        _primary = await RedisServer.StartAsync();
        _replica = await RedisServer.StartAsync(extraArguments: ["--replicaof", "127.0.0.1", _primary.Endpoint.Split(':')[1]]);
        using var replica = await TestConnection.OpenAsync(_replica.Configuration + ",allowAdmin=true");
        await Eventually.HoldsAsync(async () =>
            (await replica.Redis.GetServer(_replica.Endpoint).InfoAsync("replication"))
                .SelectMany(group => group).Any(pair => pair is { Key: "master_link_status", Value: "up" }));
    }

    public async Task DisposeAsync()
    {
        _connections.ForEach(connection => connection.Dispose());
        await _replica.DisposeAsync();
        await _primary.DisposeAsync();
    }

    [Fact]
    public async Task ACommitIsConfirmedOnlyOnceTheReplicaHoldsIt()
    {
        var engine = await EngineAsync(_primary, Patient);
        var layout = await LoadAsync(engine);
        var paying = await PayingAsync(engine, layout, "u1", "pay-1", "FLOOR-A-1");

        var committed = Assert.IsType<CommitOutcome.Committed>(await engine.CommitAsync(EngineHarness.CommitOf(paying, "pay-1")));

        Assert.True(await OnReplicaAsync(committed.Order.OrderId));
    }

    [Fact]
    public async Task ACommitTheReplicaDidNotAcknowledgeIsNotConfirmedAndItsRetryConfirmsItOnceTheReplicaHasIt()
    {
        var engine = await EngineAsync(_primary, Impatient);
        var layout = await LoadAsync(engine);
        var paying = await PayingAsync(engine, layout, "u1", "pay-1", "FLOOR-A-1");

        _replica.Pause();
        var unconfirmed = Assert.IsType<CommitOutcome.NotReplicated>(await engine.CommitAsync(EngineHarness.CommitOf(paying, "pay-1")));
        // A retry through another process (its own connections) while the replica still lags is
        // not confirmed either: its wait covers the commit it did not make.
        var elsewhere = await EngineAsync(_primary, Impatient);
        Assert.IsType<BeginPaymentOutcome.NotReplicated>(await elsewhere.BeginPaymentAsync(paying.HoldId, "u1", "pay-1", 60));
        _replica.Resume();

        var later = await EngineAsync(_primary, Patient);
        var replay = Assert.IsType<BeginPaymentOutcome.AlreadyCommitted>(await later.BeginPaymentAsync(paying.HoldId, "u1", "pay-1", 60));
        Assert.Equal(unconfirmed.Order.OrderId, replay.Order.OrderId);
        Assert.True(await OnReplicaAsync(replay.Order.OrderId));
    }

    [Fact]
    public async Task AfterThePrimaryIsLostWithAnUnreplicatedCommitTheRetryCommitsItOnceOnThePromotedReplica()
    {
        var engine = await EngineAsync(_primary, Impatient);
        var layout = await LoadAsync(engine);
        // Begun before the replica stopped, so the replica knows the hold as paying under the key.
        var paying = await PayingAsync(engine, layout, "u1", "pay-1", "FLOOR-A-1", "FLOOR-A-2");
        var heldOnly = await HeldAsync(engine, layout, "u2", "FLOOR-B-1");
        await WaitForReplicaAsync();

        // The link breaks here (a paused replica would still find the commits in its socket
        // buffer on waking); it is promoted as it was at that moment, and the primary dies.
        await PromoteReplicaAsync();
        var lost = Assert.IsType<CommitOutcome.NotReplicated>(await engine.CommitAsync(EngineHarness.CommitOf(paying, "pay-1")));
        var lostToo = await PayingAsync(engine, layout, "u2", "pay-2", heldOnly);
        Assert.IsType<CommitOutcome.NotReplicated>(await engine.CommitAsync(EngineHarness.CommitOf(lostToo, "pay-2")));
        _primary.Kill();

        // The promoted replica has no replica of its own yet: this engine does not wait for one.
        var promoted = await EngineAsync(_replica, replication: null);
        // Paying under the same key on the replica: the retry gets the same fence and commits.
        var again = Assert.IsType<BeginPaymentOutcome.Ready>(await promoted.BeginPaymentAsync(paying.HoldId, "u1", "pay-1", 60)).Hold;
        Assert.Equal(paying.Fence, again.Fence);
        var recommitted = Assert.IsType<CommitOutcome.Committed>(await promoted.CommitAsync(EngineHarness.CommitOf(again, "pay-1")));
        Assert.False(recommitted.Replayed);
        Assert.NotEqual(lost.Order.OrderId, recommitted.Order.OrderId);
        // Held (not yet paying) on the replica: the retry begins the payment there and commits.
        var begunAgain = Assert.IsType<BeginPaymentOutcome.Ready>(await promoted.BeginPaymentAsync(heldOnly.HoldId, "u2", "pay-2", 60)).Hold;
        Assert.IsType<CommitOutcome.Committed>(await promoted.CommitAsync(EngineHarness.CommitOf(begunAgain, "pay-2")));

        var availability = (await promoted.GetAvailabilityAsync(layout.EventId))!;
        Assert.Equal(3, availability.SoldSeats);
        Assert.Equal(0, availability.HeldSeats);
        Assert.Equal(2, await ReplicaStreamLengthAsync(layout.EventId));
    }

    [Fact]
    public async Task AServerDemotedToReplicaRefusesWaitAndThatMeansNotConfirmed()
    {
        // Mid-failover, a client may still take the demoted primary for the primary. A replica
        // refuses WAIT outright; that is "not confirmed yet" (a 503 the buyer retries), not a fault.
        var connection = await TestConnection.OpenAsync(_replica.Configuration);
        _connections.Add(connection);

        Assert.False(await ReplicaAcknowledgement.ReplicasHoldAsync(connection.Redis, "replication-test-mark", Patient));
    }

    [Fact]
    public async Task TheOutboxHandsTheWriterOnlyOrdersTheReplicaHolds()
    {
        var engine = await EngineAsync(_primary, Impatient);
        var layout = await LoadAsync(engine);
        var paying = await PayingAsync(engine, layout, "u1", "pay-1", "FLOOR-A-1");
        var connection = await TestConnection.OpenAsync(_primary.Configuration);
        _connections.Add(connection);
        var outbox = new RedisOrderOutbox(connection.Redis, Impatient);

        _replica.Pause();
        OutboxBatch whileBehind;
        try
        {
            Assert.IsType<CommitOutcome.NotReplicated>(await engine.CommitAsync(EngineHarness.CommitOf(paying, "pay-1")));
            whileBehind = await outbox.ReadNewBatchAsync(layout.EventId, "writers", "w1", 10);
        }
        finally
        {
            _replica.Resume();
        }

        // Not handed over, but not lost: pending on the reader, and claimed once the replica has it.
        Assert.Empty(whileBehind.AllEntryIds);
        var claimed = await new RedisOrderOutbox(connection.Redis, Patient).ClaimStaleBatchAsync(layout.EventId, "writers", "w2", TimeSpan.Zero, 10);
        Assert.Equal(paying.HoldId, Assert.Single(claimed.Entries).Order.ReservationId);
    }

    private async Task<IInventoryEngine> EngineAsync(RedisServer server, CommitReplicationOptions? replication)
    {
        var engineConnection = await TestConnection.OpenAsync(server.Configuration);
        var commitConnection = await TestConnection.OpenAsync(server.Configuration);
        _connections.Add(engineConnection);
        _connections.Add(commitConnection);
        return replication is null
            ? new RedisInventoryEngine(engineConnection.Redis)
            : new RedisInventoryEngine(engineConnection.Redis, [commitConnection.Redis], replication);
    }

    private static async Task<EventLayout> LoadAsync(IInventoryEngine engine)
    {
        var layout = TestEvents.Arena();
        Assert.True(await engine.LoadEventAsync(layout));
        return layout;
    }

    private static async Task<HoldView> HeldAsync(IInventoryEngine engine, EventLayout layout, string user, params string[] seats) =>
        Assert.IsType<HoldOutcome.Held>(await engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, user, Guid.NewGuid().ToString(), seats, null))).Hold;

    private static async Task<HoldView> PayingAsync(IInventoryEngine engine, EventLayout layout, string user, string key, params string[] seats) =>
        await PayingAsync(engine, layout, user, key, await HeldAsync(engine, layout, user, seats));

    private static async Task<HoldView> PayingAsync(IInventoryEngine engine, EventLayout layout, string user, string key, HoldView hold) =>
        Assert.IsType<BeginPaymentOutcome.Ready>(await engine.BeginPaymentAsync(hold.HoldId, user, key, 60)).Hold;

    private async Task<bool> OnReplicaAsync(string orderId)
    {
        EntityIds.TryGetEventId(orderId, EntityIds.OrderPrefix, out var eventId);
        using var replica = await TestConnection.OpenAsync(_replica.Configuration);
        return await replica.Redis.GetDatabase().HashExistsAsync(EventKeys.Orders(eventId), orderId, CommandFlags.DemandReplica);
    }

    private async Task<long> ReplicaStreamLengthAsync(string eventId)
    {
        using var replica = await TestConnection.OpenAsync(_replica.Configuration);
        return await replica.Redis.GetDatabase().StreamLengthAsync(EventKeys.Outbox(eventId));
    }

    private async Task WaitForReplicaAsync()
    {
        // WAIT covers the writes of its own connection: one write here is after all the engine's.
        using var primary = await TestConnection.OpenAsync(_primary.Configuration);
        await primary.Redis.GetDatabase().StringSetAsync("replication-test-mark", 1);
        Assert.Equal(1L, (long)await primary.Redis.GetServer(_primary.Endpoint).ExecuteAsync("WAIT", 1, 5000));
    }

    private async Task PromoteReplicaAsync()
    {
        using var replica = await TestConnection.OpenAsync(_replica.Configuration + ",allowAdmin=true");
        await replica.Redis.GetServer(_replica.Endpoint).ExecuteAsync("REPLICAOF", "NO", "ONE");
    }
}
