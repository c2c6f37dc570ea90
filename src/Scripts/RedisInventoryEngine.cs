using StackExchange.Redis;
using Ticketing.Scripts.Blocks;
using Ticketing.Scripts.Pricing;
using Ticketing.Scripts.Execution;
using Ticketing.Scripts.Feeds;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Lifecycle;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.Refunds;
using Ticketing.Scripts.Replication;
using Ticketing.Scripts.Repair;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tickets;

namespace Ticketing.Scripts;

/// <summary>
/// The inventory engine over Redis: each operation is one run of a Lua script from
/// <c>src/Scripts/Lua</c>, evaluated by SHA. Thread-safe; register one per process.
/// </summary>
public sealed class RedisInventoryEngine : IInventoryEngine
{
    private readonly LayoutLoader _layouts;
    private readonly HoldScripts _holds;
    private readonly PaymentScripts _payments;
    private readonly SeatMapScripts _seatMaps;
    private readonly ChangeLogReader _changes;
    private readonly UnwrittenOrders _unwritten;
    private readonly RepairScript _repair;
    private readonly SaleStore _sales;
    private readonly SeatBlockScripts _blocks;
    private readonly CheckInScript _checkIns;
    private readonly RefundScript _refunds;
    private readonly IConnectionMultiplexer _redis;
    private readonly RepriceScript _reprice;
    private readonly SeatPriceReader _seatPrices;

    /// <summary>Creates the engine over a shared connection (single server or cluster).</summary>
    public RedisInventoryEngine(IConnectionMultiplexer redis)
        : this(redis, static () => TimeSpan.Zero)
    {
    }

    /// <summary>
    /// Creates the engine over a shared connection whose commits wait for replicas as
    /// <paramref name="replication"/> says, spread over <paramref name="commits"/>, connections of
    /// their own (see <see cref="ReplicaAcknowledgement"/> for why). Without replicas to wait for,
    /// commits run on <paramref name="redis"/> like everything else.
    /// </summary>
    public RedisInventoryEngine(IConnectionMultiplexer redis, IReadOnlyList<IConnectionMultiplexer> commits, CommitReplicationOptions replication)
        : this(redis, static () => TimeSpan.Zero, commits, replication)
    {
    }

    /// <summary>
    /// For tests only: <paramref name="clockOffset"/> is added to Redis TIME inside every script,
    /// so a test can move the engine's time forward without waiting.
    /// </summary>
    internal RedisInventoryEngine(IConnectionMultiplexer redis, Func<TimeSpan> clockOffset,
        IReadOnlyList<IConnectionMultiplexer>? commits = null, CommitReplicationOptions? replication = null)
    {
        var runner = new ScriptRunner(redis, clockOffset);
        _layouts = new LayoutLoader(redis, runner);
        _holds = new HoldScripts(redis, runner, _layouts);
        IReadOnlyList<ReplicaAcknowledgement>? lanes = replication is { Enabled: true }
            ? [.. (commits is { Count: > 0 } ? commits : [redis]).Select(connection =>
                new ReplicaAcknowledgement(connection, new ScriptRunner(connection, clockOffset), replication))]
            : null;
        _payments = new PaymentScripts(redis, runner, _layouts, lanes);
        _seatMaps = new SeatMapScripts(redis, runner, _layouts);
        _changes = new ChangeLogReader(redis);
        _unwritten = new UnwrittenOrders(redis);
        _repair = new RepairScript(runner);
        _sales = new SaleStore(redis);
        _blocks = new SeatBlockScripts(runner);
        _checkIns = new CheckInScript(redis, runner);
        _refunds = new RefundScript(runner);
        _redis = redis;
        _reprice = new RepriceScript(runner);
        _seatPrices = new SeatPriceReader(redis, _layouts);
    }

    /// <inheritdoc />
    public Task<bool> LoadEventAsync(EventLayout layout, CancellationToken cancellationToken = default) =>
        _layouts.LoadAsync(layout, SaleState.OnSale);

    /// <inheritdoc />
    public Task<bool> LoadEventAsync(EventLayout layout, SaleState sale, CancellationToken cancellationToken = default) =>
        _layouts.LoadAsync(layout, sale);

    /// <inheritdoc />
    public Task<bool> SetSaleAsync(string eventId, SaleState sale, CancellationToken cancellationToken = default) =>
        _sales.SetAsync(eventId, sale);

    /// <inheritdoc />
    public Task<SaleState?> GetSaleAsync(string eventId, CancellationToken cancellationToken = default) =>
        _sales.GetAsync(eventId);

    /// <inheritdoc />
    public Task<RefundOutcome> RefundTicketsAsync(string orderId, IReadOnlyCollection<string> ticketIds, OrderRecord? known = null, CancellationToken cancellationToken = default) =>
        _refunds.RefundAsync(orderId, ticketIds, known);

    /// <inheritdoc />
    public async IAsyncEnumerable<string> OrderIdsAsync(string eventId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entry in _redis.GetDatabase().HashScanAsync(Keys.EventKeys.Orders(eventId), pageSize: 500).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return entry.Name!;
        }
    }

    /// <inheritdoc />
    public Task<BlockOutcome> BlockSeatsAsync(string eventId, IReadOnlyList<string> seatIds, string reason, string? blockId = null, CancellationToken cancellationToken = default) =>
        _blocks.BlockAsync(eventId, seatIds, reason, blockId ?? Keys.EntityIds.NewBlockId(eventId));

    /// <inheritdoc />
    public Task<bool> SetHoldLimitsAsync(string eventId, EventHoldLimits limits, CancellationToken cancellationToken = default) =>
        _sales.SetLimitsAsync(eventId, limits);

    /// <inheritdoc />
    public Task<RepriceOutcome> RepriceSeatsAsync(string eventId, IReadOnlyList<SeatPrice> prices, CancellationToken cancellationToken = default) =>
        _reprice.RepriceAsync(eventId, prices);

    /// <inheritdoc />
    public Task<SeatPrices?> GetSeatPricesAsync(string eventId, CancellationToken cancellationToken = default) =>
        _seatPrices.GetAsync(eventId);

    /// <inheritdoc />
    public Task<long?> GetPricesVersionAsync(string eventId, CancellationToken cancellationToken = default) =>
        _seatPrices.GetVersionAsync(eventId);

    /// <inheritdoc />
    public Task<UnblockOutcome> UnblockSeatsAsync(string eventId, string blockId, CancellationToken cancellationToken = default) =>
        _blocks.UnblockAsync(eventId, blockId);

    /// <inheritdoc />
    public Task<CheckInOutcome> CheckInAsync(TicketRef ticket, string scannedBy, CancellationToken cancellationToken = default) =>
        _checkIns.CheckInAsync(ticket, scannedBy);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, DateTimeOffset>> CheckedInAtAsync(string eventId, IReadOnlyList<string> ticketIds, CancellationToken cancellationToken = default) =>
        _checkIns.CheckedInAtAsync(eventId, ticketIds);

    /// <inheritdoc />
    public Task<bool> IsLoadedAsync(string eventId, CancellationToken cancellationToken = default) =>
        _layouts.IsLoadedAsync(eventId);

    /// <inheritdoc />
    public Task<HoldOutcome> HoldSeatsAsync(HoldSeatsRequest request, CancellationToken cancellationToken = default) =>
        _holds.HoldSeatsAsync(request);

    /// <inheritdoc />
    public Task<HoldOutcome> HoldBestAvailableAsync(HoldBestAvailableRequest request, CancellationToken cancellationToken = default) =>
        _holds.HoldBestAvailableAsync(request);

    /// <inheritdoc />
    public Task<HoldView?> GetHoldAsync(string holdId, string? userId, CancellationToken cancellationToken = default) =>
        _holds.GetAsync(holdId, userId);

    /// <inheritdoc />
    public Task<ExtendOutcome> ExtendAsync(string holdId, string userId, int additionalSeconds, CancellationToken cancellationToken = default) =>
        _holds.ExtendAsync(holdId, userId, additionalSeconds);

    /// <inheritdoc />
    public Task<ReleaseOutcome> ReleaseAsync(string holdId, string userId, CancellationToken cancellationToken = default) =>
        _holds.ReleaseAsync(holdId, userId);

    /// <inheritdoc />
    public Task<BeginPaymentOutcome> BeginPaymentAsync(string holdId, string userId, string idempotencyKey, int paymentWindowSeconds, CancellationToken cancellationToken = default) =>
        _payments.BeginAsync(holdId, userId, idempotencyKey, paymentWindowSeconds);

    /// <inheritdoc />
    public Task<bool> AbandonPaymentAsync(string holdId, string userId, long fence, CancellationToken cancellationToken = default) =>
        _payments.AbandonAsync(holdId, userId, fence);

    /// <inheritdoc />
    public Task<CommitOutcome> CommitAsync(CommitRequest request, CancellationToken cancellationToken = default) =>
        _payments.CommitAsync(request);

    /// <inheritdoc />
    public Task<OrderRecord?> GetOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        _payments.GetOrderAsync(orderId);

    /// <inheritdoc />
    public Task<ExpireOutcome> ExpireDueAsync(string eventId, int maxHolds = 500, CancellationToken cancellationToken = default) =>
        _holds.ExpireDueAsync(eventId, maxHolds);

    /// <inheritdoc />
    public Task<SeatMapSnapshot?> SnapshotAsync(string eventId, CancellationToken cancellationToken = default) =>
        _seatMaps.SnapshotAsync(eventId);

    /// <inheritdoc />
    public Task<SeatStatusMap?> SeatStatusesAsync(string eventId, CancellationToken cancellationToken = default) =>
        _seatMaps.SeatStatusesAsync(eventId);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> LiveHoldIdsAsync(string eventId, CancellationToken cancellationToken = default) =>
        _holds.LiveHoldIdsAsync(eventId);

    /// <inheritdoc />
    public Task<SeatMapSnapshot?> ScanSeatsAsync(string eventId, int seatsPerPage = 500, CancellationToken cancellationToken = default) =>
        _seatMaps.ScanAsync(eventId, seatsPerPage);

    /// <inheritdoc />
    public Task<Availability?> GetAvailabilityAsync(string eventId, CancellationToken cancellationToken = default) =>
        _seatMaps.GetAvailabilityAsync(eventId);

    /// <inheritdoc />
    public Task<SeatRepairResult> RepairSeatsAsync(string eventId, IReadOnlyList<SeatRepair> repairs, CancellationToken cancellationToken = default) =>
        _repair.RepairAsync(eventId, repairs);

    /// <inheritdoc />
    public Task<IReadOnlyList<OrderRecord>> UnwrittenOrdersOfUserAsync(string userId, CancellationToken cancellationToken = default) =>
        _unwritten.OfUserAsync(userId);

    /// <inheritdoc />
    public Task<long?> GetVersionAsync(string eventId, CancellationToken cancellationToken = default) =>
        _changes.VersionAsync(eventId);

    /// <inheritdoc />
    public Task<ChangeLogRead> ReadChangesAsync(string eventId, long afterVersion, int maxMessages, CancellationToken cancellationToken = default) =>
        _changes.ReadAfterAsync(eventId, afterVersion, maxMessages);

    /// <inheritdoc />
    public Task<IAsyncDisposable> SubscribeToChangesAsync(string eventId, Func<SeatChangeMessage, Task> onMessage, CancellationToken cancellationToken = default) =>
        _changes.SubscribeAsync(eventId, onMessage);
}
