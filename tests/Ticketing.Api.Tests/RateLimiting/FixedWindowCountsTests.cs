using Microsoft.Extensions.Time.Testing;
using Ticketing.Api.RateLimiting;

namespace Ticketing.Api.Tests.RateLimiting;

public sealed class FixedWindowCountsTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-29T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void EachKeyHasItsOwnBudgetAndASpentOneSaysWhenItRefills()
    {
        var counts = new FixedWindowCounts(2, TimeSpan.FromSeconds(60), _clock);

        Assert.True(counts.TryTake("alice", out _));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(counts.TryTake("alice", out _));
        Assert.False(counts.TryTake("alice", out var retryAfter));
        Assert.True(counts.TryTake("bob", out _));

        Assert.Equal(TimeSpan.FromSeconds(40), retryAfter);
    }

    [Fact]
    public void TheNextWindowStartsWithEveryBudgetFull()
    {
        var counts = new FixedWindowCounts(1, TimeSpan.FromSeconds(60), _clock);
        Assert.True(counts.TryTake("alice", out _));
        Assert.False(counts.TryTake("alice", out _));

        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.True(counts.TryTake("alice", out _));
        Assert.False(counts.TryTake("alice", out _));
    }

    [Fact]
    public async Task CallersRacingForOneKeyAreGrantedExactlyTheBudget()
    {
        var counts = new FixedWindowCounts(1_500, TimeSpan.FromSeconds(60), _clock);
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return Enumerable.Range(0, 1_000).Count(_ => counts.TryTake("alice", out var _));
        })).ToArray();

        start.Set();
        var granted = (await Task.WhenAll(racers)).Sum();

        Assert.Equal(1_500, granted);
    }
}
