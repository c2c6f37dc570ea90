using Microsoft.Extensions.Time.Testing;
using Ticketing.Reconciler.WaitingRoom;

namespace Ticketing.Reconciler.Tests.WaitingRoom;

public sealed class AdmissionControllerTests
{
    private static readonly AdmissionControlSettings Settings = new()
    {
        TargetP99 = TimeSpan.FromMilliseconds(200),
        TargetRedisScriptTimePerSecond = TimeSpan.FromMilliseconds(500),
        InitialRate = 10,
        MinRate = 2,
        AdditiveIncrease = 5,
        // Most tests here follow fixed additive steps; the slow start and the raise by a share of
        // the rate have tests of their own.
        IncreaseShare = 0,
        SlowStartFactor = 1,
        DecreaseFactor = 0.5,
        IncreaseInterval = TimeSpan.FromSeconds(2),
        DecreaseCooldown = TimeSpan.FromSeconds(1),
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

    // A queue longer than any rate here unless a test says otherwise: the rate is what holds admissions back.
    private static SaleHealth Healthy(int admitPerSecond = 100, long active = 0, int maxActive = 1_000, long waiting = 100_000) => new(
        HoldP99: TimeSpan.FromMilliseconds(50),
        CommitP99: TimeSpan.FromMilliseconds(80),
        RedisScriptTimePerSecond: TimeSpan.FromMilliseconds(100),
        Active: active,
        MaxActive: maxActive,
        AdmitPerSecond: admitPerSecond,
        Waiting: waiting);

    // Far under the target: the slow start keeps doubling.
    private static SaleHealth Fast() => Healthy(admitPerSecond: 500) with
    {
        HoldP99 = TimeSpan.FromMilliseconds(20),
        CommitP99 = TimeSpan.FromMilliseconds(30),
    };

    private static SaleHealth SlowHolds() => Healthy() with { HoldP99 = TimeSpan.FromMilliseconds(900) };

    private AdmissionRate UpdateAfter(TimeSpan wait, SaleHealth health, AdmissionController controller)
    {
        _time.Advance(wait);
        return controller.Update(health);
    }

    [Fact]
    public void TheRateRisesOneStepPerIntervalWhileTheSaleIsHealthy()
    {
        var controller = new AdmissionController(Settings, _time);
        Assert.Equal((10.0, AdmissionReason.Starting), (controller.Current.RatePerSecond, controller.Current.Reason));

        Assert.Equal((15.0, AdmissionReason.Healthy), Pair(controller.Update(Healthy())));
        Assert.Equal((15.0, AdmissionReason.Steady), Pair(UpdateAfter(TimeSpan.FromSeconds(1), Healthy(), controller)));
        Assert.Equal((20.0, AdmissionReason.Healthy), Pair(UpdateAfter(TimeSpan.FromSeconds(1), Healthy(), controller)));
    }

    [Fact]
    public void AFreshRoomDoublesItsRateUntilTheFirstCutThenRisesInSteps()
    {
        var controller = new AdmissionController(Settings with { SlowStartFactor = 2 }, _time);

        var ramp = Enumerable.Range(0, 5).Select(_ => UpdateAfter(TimeSpan.FromSeconds(2), Fast(), controller).RatePerSecond).ToList();
        Assert.Equal([20.0, 40.0, 80.0, 160.0, 320.0], ramp);
        Assert.Equal((500.0, AdmissionReason.AtAdmitPerSecond), Pair(UpdateAfter(TimeSpan.FromSeconds(2), Fast(), controller)));

        Assert.Equal((250.0, AdmissionReason.HoldLatencyOverTarget), Pair(UpdateAfter(TimeSpan.FromSeconds(2), SlowHolds() with { AdmitPerSecond = 500 }, controller)));
        Assert.Equal((255.0, AdmissionReason.Healthy), Pair(UpdateAfter(TimeSpan.FromSeconds(2), Healthy(admitPerSecond: 500), controller)));
        Assert.Equal((260.0, AdmissionReason.Healthy), Pair(UpdateAfter(TimeSpan.FromSeconds(2), Healthy(admitPerSecond: 500), controller)));
    }

    [Fact]
    public void AfterACutTheRateClimbsBackByAShareOfItselfAndAtLeastTheFixedStep()
    {
        var controller = new AdmissionController(Settings with { IncreaseShare = 0.1, InitialRate = 400 }, _time);
        Assert.Equal((200.0, AdmissionReason.HoldLatencyOverTarget), Pair(UpdateAfter(TimeSpan.FromSeconds(2), SlowHolds() with { AdmitPerSecond = 500 }, controller)));

        var climb = Enumerable.Range(0, 4).Select(_ => Math.Round(UpdateAfter(TimeSpan.FromSeconds(2), Healthy(admitPerSecond: 500), controller).RatePerSecond, 6)).ToList();

        Assert.Equal([220.0, 242.0, 266.2, 292.82], climb);
        var low = new AdmissionController(Settings with { IncreaseShare = 0.1, InitialRate = 20 }, _time);
        Assert.Equal(25.0, UpdateAfter(TimeSpan.FromSeconds(2), Healthy(), low).RatePerSecond);
    }

    [Fact]
    public void TheSlowStartStepsOnceTheP99NearsTheTargetBeforeAnyCut()
    {
        var controller = new AdmissionController(Settings with { SlowStartFactor = 2 }, _time);
        Assert.Equal(20.0, UpdateAfter(TimeSpan.FromSeconds(2), Fast(), controller).RatePerSecond);

        // Half of the 160 ms held (80 % of the 200 ms target): no more doubling, a step instead.
        var nearing = Fast() with { CommitP99 = TimeSpan.FromMilliseconds(90) };
        Assert.Equal((25.0, AdmissionReason.Healthy), Pair(UpdateAfter(TimeSpan.FromSeconds(2), nearing, controller)));
    }

    [Fact]
    public void TheServersP99IsHeldUnderEightyPercentOfTheTargetToLeaveRoomForTheWayToTheFan()
    {
        var controller = new AdmissionController(Settings, _time);

        Assert.Equal(AdmissionReason.Healthy, controller.Update(Healthy() with { CommitP99 = TimeSpan.FromMilliseconds(159) }).Reason);
        Assert.Equal(AdmissionReason.CommitLatencyOverTarget,
            UpdateAfter(TimeSpan.FromSeconds(2), Healthy() with { CommitP99 = TimeSpan.FromMilliseconds(161) }, controller).Reason);
    }

    [Fact]
    public void TheSlowStartEndsForGoodWhenTheLoopContinuesOnAnotherProcess()
    {
        var first = new AdmissionController(Settings with { SlowStartFactor = 2 }, _time);
        UpdateAfter(TimeSpan.FromSeconds(2), Fast(), first);
        UpdateAfter(TimeSpan.FromSeconds(2), SlowHolds(), first);

        // The next tick runs elsewhere, from the stored state: it remembers the cut.
        var next = new AdmissionController(Settings with { SlowStartFactor = 2 }, _time, first.State);
        Assert.Equal((15.0, AdmissionReason.Healthy), Pair(UpdateAfter(TimeSpan.FromSeconds(2), Fast(), next)));
    }

    [Fact]
    public void TheRateIsHalvedAtOnceWhenTheHoldP99PassesTheTargetAndRisesAgainWhenItRecovers()
    {
        var controller = new AdmissionController(Settings, _time);
        for (var step = 0; step < 6; step++)
        {
            UpdateAfter(TimeSpan.FromSeconds(2), Healthy(), controller);
        }

        Assert.Equal(40.0, controller.Current.RatePerSecond);
        Assert.Equal((20.0, AdmissionReason.HoldLatencyOverTarget), Pair(UpdateAfter(TimeSpan.FromMilliseconds(250), SlowHolds(), controller)));
        Assert.Equal((20.0, AdmissionReason.Cooling), Pair(UpdateAfter(TimeSpan.FromMilliseconds(250), SlowHolds(), controller)));
        Assert.Equal((10.0, AdmissionReason.HoldLatencyOverTarget), Pair(UpdateAfter(TimeSpan.FromSeconds(1), SlowHolds(), controller)));

        Assert.Equal((15.0, AdmissionReason.Healthy), Pair(UpdateAfter(TimeSpan.FromSeconds(2), Healthy(), controller)));
    }

    [Fact]
    public void OneSlowWindowIsCutOnceByDefaultNotOncePerTickWhileItLasts()
    {
        var controller = new AdmissionController(Settings with { DecreaseCooldown = new AdmissionControlSettings().DecreaseCooldown }, _time);
        for (var step = 0; step < 6; step++)
        {
            UpdateAfter(TimeSpan.FromSeconds(2), Healthy(), controller);
        }

        Assert.Equal(40.0, controller.Current.RatePerSecond);

        Assert.Equal((20.0, AdmissionReason.HoldLatencyOverTarget), Pair(UpdateAfter(TimeSpan.FromSeconds(1), SlowHolds(), controller)));
        // The same slow requests stay in the 5 s latency window for four more ticks: no further cut.
        for (var tick = 0; tick < 4; tick++)
        {
            Assert.Equal((20.0, AdmissionReason.Cooling), Pair(UpdateAfter(TimeSpan.FromSeconds(1), SlowHolds(), controller)));
        }

        // Still slow once the window has turned over: that is new evidence.
        Assert.Equal((10.0, AdmissionReason.HoldLatencyOverTarget), Pair(UpdateAfter(TimeSpan.FromSeconds(1), SlowHolds(), controller)));
    }

    [Fact]
    public void ASlowCommitOrABusyRedisCutsTheRateAndNamesTheReason()
    {
        var controller = new AdmissionController(Settings, _time);
        Assert.Equal(AdmissionReason.CommitLatencyOverTarget,
            controller.Update(Healthy() with { CommitP99 = TimeSpan.FromMilliseconds(201) }).Reason);
        Assert.Equal((2.5, AdmissionReason.RedisBusy),
            Pair(UpdateAfter(TimeSpan.FromSeconds(1), Healthy() with { RedisScriptTimePerSecond = TimeSpan.FromMilliseconds(700) }, controller)));
    }

    [Fact]
    public void TheRateNeverPassesAdmitPerSecondNorFallsBelowTheFloor()
    {
        var controller = new AdmissionController(Settings, _time);
        for (var step = 0; step < 20; step++)
        {
            UpdateAfter(TimeSpan.FromSeconds(2), Healthy(admitPerSecond: 32), controller);
        }

        Assert.Equal((32.0, AdmissionReason.AtAdmitPerSecond), Pair(controller.Current));
        Assert.Equal(12.0, UpdateAfter(TimeSpan.FromSeconds(2), Healthy(admitPerSecond: 12), controller).RatePerSecond);

        for (var step = 0; step < 20; step++)
        {
            UpdateAfter(TimeSpan.FromSeconds(2), SlowHolds(), controller);
        }

        Assert.Equal(2.0, controller.Current.RatePerSecond);
    }

    [Fact]
    public void TheRateDoesNotRiseWhileTheSaleHoldsMaxActiveFans()
    {
        var controller = new AdmissionController(Settings, _time);
        Assert.Equal((10.0, AdmissionReason.SaleFull), Pair(controller.Update(Healthy(active: 500, maxActive: 500))));
        Assert.Equal((15.0, AdmissionReason.Healthy), Pair(UpdateAfter(TimeSpan.FromSeconds(2), Healthy(active: 499, maxActive: 500), controller)));
    }

    [Fact]
    public void TheRateStaysWhileFewerFansWaitThanItAdmitsAndTheSlowStartBeginsWhenTheyCome()
    {
        var controller = new AdmissionController(Settings with { SlowStartFactor = 2 }, _time);

        // A pre-queue before its open: a healthy sale, nobody to admit. A minute of ticks leaves the start rate.
        var idle = Enumerable.Range(0, 30).Select(_ => UpdateAfter(TimeSpan.FromSeconds(2), Fast() with { Waiting = 0 }, controller)).ToList();
        Assert.All(idle, rate => Assert.Equal((10.0, AdmissionReason.FewWaiting), Pair(rate)));
        // A queue shorter than a second at this rate holds it too.
        Assert.Equal((10.0, AdmissionReason.FewWaiting), Pair(UpdateAfter(TimeSpan.FromSeconds(2), Fast() with { Waiting = 9 }, controller)));

        // The open: the whole crowd waits, and the ramp starts from the start rate, doubling.
        var ramp = Enumerable.Range(0, 3).Select(_ => UpdateAfter(TimeSpan.FromSeconds(2), Fast() with { Waiting = 40_000 }, controller).RatePerSecond).ToList();
        Assert.Equal([20.0, 40.0, 80.0], ramp);
    }

    [Fact]
    public void AdmissionsArePacedAtTheRateWithoutABurstAfterAPause()
    {
        var controller = new AdmissionController(Settings with { InitialRate = 10 }, _time);
        Assert.Equal(0, controller.Due());
        var admitted = 0;
        for (var tick = 0; tick < 40; tick++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(250));
            admitted += controller.Due();
        }

        Assert.Equal(100, admitted);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(10, controller.Due());
    }

    [Fact]
    public void SettingsOutOfRangeAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdmissionController(Settings with { DecreaseFactor = 1 }, _time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdmissionController(Settings with { InitialRate = 1 }, _time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdmissionController(Settings with { SlowStartFactor = 0.9 }, _time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdmissionController(Settings with { TargetShare = 1.1 }, _time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdmissionController(Settings with { IncreaseShare = 1 }, _time));
    }

    private static (double, AdmissionReason) Pair(AdmissionRate rate) => (rate.RatePerSecond, rate.Reason);
}
