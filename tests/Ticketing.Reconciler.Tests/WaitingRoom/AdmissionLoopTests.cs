using Microsoft.Extensions.Time.Testing;
using Ticketing.Persistence.WaitingRooms;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Reconciler.WaitingRoom;
using Ticketing.Scripts.WaitingRoom;
using Ticketing.TestSupport;

namespace Ticketing.Reconciler.Tests.WaitingRoom;

/// <summary>The admission tick against real Redis and PostgreSQL, with the loop's clock in the test's hands.</summary>
public sealed class AdmissionLoopTests : IAsyncLifetime
{
    private const int TargetP99Ms = 250;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ReconcilerHarness _harness = null!;

    private AdmissionLoop Loop => _harness.Get<AdmissionLoop>();

    private IWaitingRoom Room => _harness.Get<IWaitingRoom>();

    private SaleLatencyMonitor Latency => (SaleLatencyMonitor)_harness.Get<ISaleLatencySource>();

    public async Task InitializeAsync() => _harness = await ReconcilerHarness.StartAsync(time: _time);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task TheRateFallsWhenTheHoldP99PassesTheTargetAndRisesWhenItRecovers()
    {
        // Enough fans that the queue, not a lack of fans, holds admissions back all through.
        var eventId = await RoomWithFansAsync(fans: 1_000);

        var healthy = await TicksAsync(eventId, 8, holdMs: 40);
        Assert.True(healthy[^1].Rate.RatePerSecond > healthy[0].Rate.RatePerSecond, "the rate rises while holds are fast");
        Assert.True(healthy.Sum(tick => tick.Admitted) > 0);
        var before = healthy[^1].Rate.RatePerSecond;

        var slow = (await TicksAsync(eventId, 1, holdMs: 900))[0];
        Assert.Equal(AdmissionReason.HoldLatencyOverTarget, slow.Rate.Reason);
        Assert.True(slow.Rate.RatePerSecond < before, $"cut from {before} to {slow.Rate.RatePerSecond}");

        // The slow holds leave the 5 s window; fast ones take their place.
        _time.Advance(SaleLatencyMonitor.Window);
        var recovered = await TicksAsync(eventId, 6, holdMs: 40);
        Assert.True(recovered[^1].Rate.RatePerSecond > slow.Rate.RatePerSecond, "the rate rises again once holds are fast");
        Assert.Contains(recovered, tick => tick.Rate.Reason == AdmissionReason.Healthy);
    }

    [Fact]
    public async Task TicksOnTwoProcessesContinueOneLoopInsteadOfEachStartingOver()
    {
        var eventId = await RoomWithFansAsync(fans: 300);
        // A second process: its own loop over the same Redis and PostgreSQL, nothing in memory shared.
        var other = new AdmissionLoop(
            _harness.Get<WaitingRoomStore>(), Room, _harness.Get<IAdmissionLoopStore>(), Latency, _harness.Get<IRedisScriptClock>(), _time);

        var first = await TicksAsync(Loop, eventId, 6, holdMs: 40);
        var handedOver = (await TicksAsync(other, eventId, 1, holdMs: 40))[0];
        var back = (await TicksAsync(Loop, eventId, 1, holdMs: 900))[0];

        // The other process raises the rate the first one left (a fresh loop would start at 5 and admit
        // nobody yet), still in the slow start since nothing has been cut...
        var left = first[^1].Rate.RatePerSecond;
        Assert.Equal(left * new AdmissionControlSettings().SlowStartFactor, handedOver.Rate.RatePerSecond);
        Assert.True(handedOver.Admitted > 0, "the fan credit carried over from the first process's last tick");
        // ...and the first process cuts the rate the other one set, not its own last one.
        Assert.Equal(AdmissionReason.HoldLatencyOverTarget, back.Rate.Reason);
        Assert.Equal(handedOver.Rate.RatePerSecond * new AdmissionControlSettings().DecreaseFactor, back.Rate.RatePerSecond);
        var view = await other.ReadAsync(eventId, CancellationToken.None);
        Assert.Equal((back.Rate.RatePerSecond, back.Rate.Reason), (view.Rate!.RatePerSecond, view.Rate.Reason));
        Assert.Equal(
            [.. first.Select(tick => tick.Rate.RatePerSecond), handedOver.Rate.RatePerSecond, back.Rate.RatePerSecond],
            view.History.Select(point => point.RatePerSecond));
    }

    [Fact]
    public async Task APausedRoomAdmitsNobody()
    {
        var eventId = await RoomWithFansAsync(fans: 20, paused: true);

        var ticks = await TicksAsync(eventId, 3, holdMs: 40);

        Assert.All(ticks, tick => Assert.Equal(0, tick.Admitted));
        Assert.Equal(20, (await Room.GetStateAsync(eventId))!.Waiting);
    }

    [Fact]
    public async Task TheTickSweepsAbandonedWaitersSoTheyNoLongerCount()
    {
        var eventId = await RoomWithFansAsync(fans: 5, paused: true, abandonAfterSeconds: 1);

        // Abandonment runs on Redis time: nobody polls these fans for more than a second. The fans
        // joined one after another, so a tick may come when only the first of them are due: count
        // what the ticks sweep together, each fan once.
        var swept = 0;
        await Eventually.HoldsAsync(async () => (swept += (await TicksAsync(eventId, 1, holdMs: 40))[0].Swept) >= 5);

        Assert.Equal(5, swept);
        Assert.Equal(0, (await Room.GetStateAsync(eventId))!.Waiting);
    }

    [Fact]
    public async Task ARoomRedisLostIsMadeAgainFromItsStoredSettings()
    {
        var eventId = await RoomWithFansAsync(fans: 3);
        await _harness.Redis.KeyDeleteAsync(WaitingRoomKeys.ScriptKeys(eventId));
        Assert.Null(await Room.GetStateAsync(eventId));

        await Loop.TickAsync(CancellationToken.None);

        var state = await Room.GetStateAsync(eventId);
        Assert.NotNull(state);
        Assert.Equal(1000, state.AdmitPerSecond);
        Assert.Equal(10_000, state.MaxActive);
    }

    [Fact]
    public async Task TheTickOpensThePreQueueAtItsTime()
    {
        var opensAt = DateTimeOffset.UtcNow.AddSeconds(4);
        var eventId = await RoomWithFansAsync(fans: 2, opensAt: opensAt);

        // The loop's clock says the time has come; Redis's own clock decides when the open happens.
        _time.Advance(opensAt - _time.GetUtcNow() + TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(async () => (await Loop.TickAsync(CancellationToken.None)).Any(tick => tick.EventId == eventId && tick.Opened));

        var fairness = await Room.GetFairnessAsync(eventId);
        Assert.NotNull(fairness!.Seed);
        Assert.Equal(2, fairness.Members);
    }

    [Fact]
    public async Task APreQueueKeepsTheStartingRateUntilItsOpenAndTheRampStartsThere()
    {
        var eventId = await RoomWithFansAsync(fans: 50, opensAt: DateTimeOffset.UtcNow.AddSeconds(4));

        // Ticks with the sale healthy, a fake second apart, until Redis's own clock lets the room open.
        // Before, every tick raised the rate of a room nobody could be admitted from yet, so the
        // pre-queue's crowd met the room's cap at its open.
        var ticks = new List<AdmissionTick>();
        await Eventually.HoldsAsync(async () =>
        {
            ticks.AddRange(await TicksAsync(eventId, 1, holdMs: 40));
            return ticks[^1].Opened;
        });

        var start = new AdmissionControlSettings().InitialRate;
        Assert.True(ticks.Count > 4, $"the pre-queue ticked {ticks.Count - 1} times before its open");
        Assert.All(ticks[..^1], tick => Assert.Equal((start, AdmissionReason.FewWaiting, 0), (tick.Rate.RatePerSecond, tick.Rate.Reason, tick.Admitted)));
        var open = ticks[^1];
        Assert.Equal((start * new AdmissionControlSettings().SlowStartFactor, AdmissionReason.Healthy), (open.Rate.RatePerSecond, open.Rate.Reason));
        Assert.InRange(open.Admitted, 0, (int)open.Rate.RatePerSecond);
    }

    /// <summary>A room of its own event with <paramref name="fans"/> joined; with <paramref name="opensAt"/>, they wait in its pre-queue.</summary>
    private async Task<string> RoomWithFansAsync(int fans, bool paused = false, int abandonAfterSeconds = 120, DateTimeOffset? opensAt = null)
    {
        var record = await _harness.CreateEventOnSaleAsync();
        await SaveAsync(Settings(record.Id) with { Paused = paused, AbandonAfterSeconds = abandonAfterSeconds, OpensAt = opensAt });
        var eventId = record.Id.ToString("D");
        for (var i = 0; i < fans; i++)
        {
            await Room.JoinAsync(eventId, $"fan-{i}");
        }

        return eventId;
    }

    private static WaitingRoomRecord Settings(Guid eventId) =>
        new(eventId, Enabled: true, AdmitPerSecond: 1000, AdmissionTtlSeconds: 600, MaxActive: 10_000, OpensAt: null,
            AbandonAfterSeconds: 120, TargetP99Ms: TargetP99Ms, Paused: false);

    private async Task SaveAsync(WaitingRoomRecord settings)
    {
        await _harness.Get<WaitingRoomStore>().SaveAsync(settings);
        await Room.ConfigureAsync(settings.EventId.ToString("D"), new WaitingRoomSettings(
            settings.MaxActive, settings.AdmitPerSecond, TimeSpan.FromSeconds(settings.AdmissionTtlSeconds),
            TimeSpan.FromSeconds(settings.AbandonAfterSeconds), settings.OpensAt, settings.Paused));
    }

    /// <summary><paramref name="count"/> ticks one (fake) second apart, each after holds of <paramref name="holdMs"/> were measured.</summary>
    private Task<List<AdmissionTick>> TicksAsync(string eventId, int count, int holdMs) => TicksAsync(Loop, eventId, count, holdMs);

    private async Task<List<AdmissionTick>> TicksAsync(AdmissionLoop loop, string eventId, int count, int holdMs)
    {
        var ticks = new List<AdmissionTick>();
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            for (var hold = 0; hold < 20; hold++)
            {
                Latency.Record("/api/v1/events/{eventId}/reservations", "POST", TimeSpan.FromMilliseconds(holdMs));
            }

            ticks.Add((await loop.TickAsync(CancellationToken.None)).Single(tick => tick.EventId == eventId));
        }

        return ticks;
    }
}
