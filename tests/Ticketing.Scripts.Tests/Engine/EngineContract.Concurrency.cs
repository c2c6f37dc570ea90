using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task TwoThousandConcurrentOverlappingHoldsNeverShareASeat()
    {
        const int Requests = 2_000;
        var harness = NewHarness();
        // 120 seats, 2-4 seats per request: most requests collide with others.
        var layout = await harness.LoadAsync(new EventLayout(Guid.NewGuid().ToString("D"), "USD", 300, 4, 4, 1,
            [new SectionLayout("S", "S", 25m, [.. Enumerable.Range(1, 6).Select(row => new RowLayout(row.ToString(System.Globalization.CultureInfo.InvariantCulture), 20))])]));
        var seatIds = layout.Seats().Select(seat => seat.Id).ToArray();
        var random = new Random(20_261_121);
        var requests = Enumerable.Range(0, Requests).Select(i => new HoldSeatsRequest(
            layout.EventId, $"user-{i}", $"c-{i}", seatIds.OrderBy(_ => random.Next()).Take(random.Next(2, 5)).ToArray(), null)).ToArray();

        // Many tasks at once, all released together so the scripts really interleave in Redis.
        using var start = new SemaphoreSlim(0);
        var running = requests.Select(async request =>
        {
            await start.WaitAsync();
            return (request, outcome: await harness.Engine.HoldSeatsAsync(request));
        }).ToArray();
        start.Release(Requests);
        var results = await Task.WhenAll(running);

        var held = results.Where(result => result.outcome is HoldOutcome.Held).ToList();
        Assert.All(results, result => Assert.True(result.outcome is HoldOutcome.Held or HoldOutcome.SeatsUnavailable, result.outcome.ToString()));
        Assert.NotEmpty(held);
        Assert.Contains(results, result => result.outcome is HoldOutcome.SeatsUnavailable);

        var owners = new Dictionary<string, string>();
        foreach (var (request, outcome) in held)
        {
            var hold = ((HoldOutcome.Held)outcome).Hold;
            Assert.Equal(request.SeatIds, hold.Seats.Select(seat => seat.Id));
            foreach (var seat in hold.Seats)
            {
                Assert.True(owners.TryAdd(seat.Id, hold.HoldId), $"seat {seat.Id} is in two holds");
            }
        }

        foreach (var (request, outcome) in results.Where(result => result.outcome is HoldOutcome.SeatsUnavailable))
        {
            // Only seats that some successful hold owns can have been reported as taken.
            var unavailable = ((HoldOutcome.SeatsUnavailable)outcome).SeatIds;
            Assert.NotEmpty(unavailable);
            Assert.All(unavailable, seat => Assert.True(owners.ContainsKey(seat) && request.SeatIds.Contains(seat)));
        }

        var redisSeats = await EngineAssertions.RawSeatsAsync(Redis, layout.EventId);
        var redisHeld = redisSeats.Where(seat => seat.Value != "a").ToDictionary(seat => seat.Key, seat => seat.Value);
        Assert.Equal(owners.Count, redisHeld.Count);
        Assert.All(owners, owner => Assert.Equal("h|" + owner.Value, redisHeld[owner.Key]));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
        Assert.Equal(held.Count, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.Version);
    }
}
