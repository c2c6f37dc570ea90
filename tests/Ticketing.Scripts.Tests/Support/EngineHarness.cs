using StackExchange.Redis;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Tests.Support;

/// <summary>One test's engine with its own clock, and short-hands for the usual steps.</summary>
public sealed class EngineHarness(IConnectionMultiplexer redis)
{
    public TestClock Clock { get; } = new();

    public IConnectionMultiplexer Redis { get; } = redis;

    public IInventoryEngine Engine => _engine ??= new RedisInventoryEngine(Redis, () => Clock.Offset);

    private IInventoryEngine? _engine;

    public async Task<EventLayout> LoadAsync(EventLayout layout)
    {
        Assert.True(await Engine.LoadEventAsync(layout));
        return layout;
    }

    public Task<HoldOutcome> HoldAsync(EventLayout layout, string user, params string[] seats) =>
        Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, user, Guid.NewGuid().ToString(), seats, null));

    public async Task<HoldView> HeldAsync(EventLayout layout, string user, params string[] seats) =>
        Assert.IsType<HoldOutcome.Held>(await HoldAsync(layout, user, seats)).Hold;

    public async Task<HoldView> PayingAsync(HoldView hold, string key) =>
        Assert.IsType<BeginPaymentOutcome.Ready>(await Engine.BeginPaymentAsync(hold.HoldId, hold.UserId, key, 60)).Hold;

    public static CommitRequest CommitOf(HoldView paying, string key) => new(
        paying.EventId,
        paying.HoldId,
        paying.UserId,
        paying.Fence,
        key,
        EntityIds.NewOrderId(paying.EventId),
        "txn-" + key,
        [.. paying.Seats.Select(seat => new OrderTicket(EntityIds.NewTicketId(paying.EventId), seat.Id, "code-" + seat.Id, seat.Price))]);

    public async Task<OrderRecord> CommittedAsync(HoldView hold, string key)
    {
        var paying = await PayingAsync(hold, key);
        return Assert.IsType<CommitOutcome.Committed>(await Engine.CommitAsync(CommitOf(paying, key))).Order;
    }

    /// <summary>
    /// Every state a seat can be read in: <paramref name="elapsed"/> held by a hold whose time has
    /// passed but that no sweep has released, <paramref name="held"/> live, <paramref name="paying"/>
    /// in payment, <paramref name="sold"/> committed. Moves the clock past the first hold's 10 s.
    /// </summary>
    public async Task ArrangeEverySeatStateAsync(EventLayout layout, string[] elapsed, string held, string paying, string[] sold)
    {
        Assert.IsType<HoldOutcome.Held>(await Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, "u1", "c1", elapsed, 10)));
        await HeldAsync(layout, "u2", held);
        await PayingAsync(await HeldAsync(layout, "u3", paying), "pay");
        await CommittedAsync(await HeldAsync(layout, "u4", sold), "sold");
        Clock.Advance(TimeSpan.FromSeconds(11));
    }
}
