using Ticketing.Load.Bench;

namespace Ticketing.Load.Tests.Bench;

public sealed class BindingResourceTests
{
    // CPU seconds over a 100 s phase: Redis, Api, PostgreSQL.
    private static CpuPhase Phase(double redis, double api, double postgres) => new("stadium-sale", 100, redis, api, postgres);

    [Fact]
    public void RedisBusyMostOfItsOneCoreBindsHoweverIdleTheOtherCoreIs() =>
        Assert.Equal("Redis CPU", BindingResource.Of(Phase(redis: 85, api: 40, postgres: 5), driver: 0.2, cores: 2, new RoomPace("healthy")).Name);

    [Fact]
    public void OnBusyCoresTheLargestConsumerBinds()
    {
        Assert.Equal("Api CPU", BindingResource.Of(Phase(redis: 20, api: 110, postgres: 10), driver: 0.5, cores: 2, new RoomPace("healthy")).Name);
        Assert.Equal("the load generator", BindingResource.Of(Phase(redis: 20, api: 60, postgres: 10), driver: 0.9, cores: 2, new RoomPace("healthy")).Name);
    }

    [Fact]
    public void WithCoresToSpareTheRoomPacedTheSaleAndTheReportSaysWhy()
    {
        var capped = BindingResource.Of(Phase(redis: 10, api: 50, postgres: 5), driver: 0.3, cores: 2, new RoomPace("at_admit_per_second", MedianRate: 690, Cap: 700));
        var loop = BindingResource.Of(Phase(redis: 10, api: 50, postgres: 5), driver: 0.3, cores: 2, new RoomPace("cooling"));
        var arrivals = BindingResource.Of(Phase(redis: 10, api: 50, postgres: 5), driver: 0.3, cores: 2, new RoomPace("few_waiting", MedianRate: 300, Cap: 700));

        Assert.Equal("none of the CPUs: the room's admit_per_second cap", capped.Name);
        Assert.Equal("none of the CPUs: the admission loop, holding the p99 under its target", loop.Name);
        Assert.Equal("none of the CPUs: the fans' arrival: fewer waited than the loop would admit", arrivals.Name);
        Assert.Contains("Api 0.50", capped.Why, StringComparison.Ordinal);
        Assert.Contains("0.95 of 2 cores", capped.Why, StringComparison.Ordinal);
        Assert.Contains("median rate 690/s against the room's cap of 700/s", capped.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void ALoopThatEndsAtTheCapAfterSpendingMostOfTheSaleBelowItWasNotPacedByTheCap()
    {
        // A stadium's tail: the p99 calms once few seats are left and the loop climbs to the cap
        // at the end, after holding half of it for most of the sale.
        var binding = BindingResource.Of(Phase(redis: 19, api: 65, postgres: 12), driver: 0.25, cores: 2,
            new RoomPace("at_admit_per_second", MedianRate: 350, Cap: 700));

        Assert.Equal("none of the CPUs: the admission loop, holding the p99 under its target", binding.Name);
        Assert.Contains("median rate 350/s against the room's cap of 700/s", binding.Why, StringComparison.Ordinal);
    }
}
