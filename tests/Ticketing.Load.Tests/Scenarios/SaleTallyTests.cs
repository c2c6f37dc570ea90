using Microsoft.Extensions.Time.Testing;
using Ticketing.Load.Api;
using Ticketing.Load.Scenarios.FlashSale;

namespace Ticketing.Load.Tests.Scenarios;

public sealed class SaleTallyTests
{
    private static readonly DateTimeOffset Open = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EachShareOfTheHallIsTimedWhenTheOrderThatReachesItIsConfirmed()
    {
        var clock = new FakeTimeProvider(Open);
        var tally = new SaleTally(totalSeats: 100, clock);

        clock.Advance(TimeSpan.FromSeconds(10));
        tally.Confirm(Order(seats: 49));
        clock.Advance(TimeSpan.FromSeconds(5));
        tally.Confirm(Order(seats: 41));
        clock.Advance(TimeSpan.FromSeconds(30));
        tally.Confirm(Order(seats: 9));

        Assert.Equal(Open.AddSeconds(15), tally.ReachedAt(0.5));
        Assert.Equal(Open.AddSeconds(15), tally.ReachedAt(0.9));
        Assert.Equal(Open.AddSeconds(45), tally.ReachedAt(0.99));
        Assert.Equal(3, tally.Orders.Count);
    }

    [Fact]
    public void AShareNeverReachedHasNoTime()
    {
        var tally = new SaleTally(totalSeats: 100, new FakeTimeProvider(Open));
        tally.Confirm(Order(seats: 60));

        Assert.NotNull(tally.ReachedAt(0.5));
        Assert.Null(tally.ReachedAt(0.9));
        Assert.Throws<ArgumentOutOfRangeException>(() => tally.ReachedAt(0.75));
    }

    [Fact]
    public void OrdersConfirmedAtOnceCountEverySeatOnce()
    {
        // 990 orders of 4 seats are exactly 99 % of the hall: a seat lost to a race leaves it unreached.
        var tally = new SaleTally(totalSeats: 4_000, new FakeTimeProvider(Open));

        Parallel.For(0, 990, _ => tally.Confirm(Order(seats: 4)));

        Assert.Equal(990, tally.Orders.Count);
        Assert.NotNull(tally.ReachedAt(0.99));
    }

    private static OrderResponse Order(int seats) =>
        new(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), [.. Enumerable.Range(1, seats).Select(seat => new TicketBody(Guid.NewGuid().ToString(), $"S-1-{seat}"))]);
}
