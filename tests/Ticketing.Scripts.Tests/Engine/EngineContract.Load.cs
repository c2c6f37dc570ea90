using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    [Fact]
    public async Task LoadingPutsEverySeatOnSaleAvailable()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(floorRows: 2, seatsPerRow: 5));

        Assert.True(await harness.Engine.IsLoadedAsync(layout.EventId));
        Assert.True(await Redis.GetDatabase().SetContainsAsync(EventKeys.OnSaleEvents, layout.EventId));
        var availability = await harness.Engine.GetAvailabilityAsync(layout.EventId);
        Assert.Equal(new Availability(22, 22, 0, 0, 0), availability);
        var snapshot = await harness.Engine.SnapshotAsync(layout.EventId);
        Assert.NotNull(snapshot);
        Assert.Equal(layout.Seats().Select(seat => seat.Id), snapshot.Seats.Select(seat => seat.Seat.Id));
        Assert.All(snapshot.Seats, seat => Assert.Equal(SeatStatus.Available, seat.Status));
        Assert.Equal(49.99m, snapshot.Seats.Single(seat => seat.Seat.Id == "BALCONY-B-6").Seat.Price);
    }

    [Fact]
    public async Task LoadingALoadedEventAgainKeepsItsLiveState()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var hold = await harness.HeldAsync(layout, "u1", "FLOOR-A-1");

        Assert.False(await harness.Engine.LoadEventAsync(layout));

        Assert.Equal(HoldStatus.Held, (await harness.Engine.GetHoldAsync(hold.HoldId, "u1"))!.Status);
        Assert.Equal(1, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.HeldSeats);
    }

    [Fact]
    public async Task AnEventThatWasNeverLoadedReadsAsMissing()
    {
        var harness = NewHarness();
        var eventId = Guid.NewGuid().ToString("D");

        Assert.False(await harness.Engine.IsLoadedAsync(eventId));
        Assert.Null(await harness.Engine.SnapshotAsync(eventId));
        Assert.Null(await harness.Engine.SeatStatusesAsync(eventId));
        Assert.Null(await harness.Engine.ScanSeatsAsync(eventId));
        Assert.Null(await harness.Engine.GetAvailabilityAsync(eventId));
        Assert.IsType<HoldOutcome.EventNotFound>(await harness.Engine.HoldSeatsAsync(
            new HoldSeatsRequest(eventId, "u1", "c1", ["FLOOR-A-1"], null)));
        Assert.IsType<HoldOutcome.EventNotFound>(await harness.Engine.HoldBestAvailableAsync(
            new HoldBestAvailableRequest(eventId, "u1", "c1", 2, null, false, null)));
    }

    [Fact]
    public async Task ALayoutWithTwoSeatsOfOneIdIsRefused()
    {
        var harness = NewHarness();
        var clash = new EventLayout(Guid.NewGuid().ToString("D"), "USD", 300, 8, 8, 1,
        [
            new SectionLayout("A", "A", 10m, [new RowLayout("1-2", 3)]),
            new SectionLayout("A-1", "A-1", 10m, [new RowLayout("2", 3)]),
        ]);

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Engine.LoadEventAsync(clash));
        Assert.False(await harness.Engine.IsLoadedAsync(clash.EventId));
    }

    [Fact]
    public async Task APriceWithFractionsOfACentIsRefused()
    {
        var harness = NewHarness();
        var layout = TestEvents.SingleRow(3) with { Sections = [new SectionLayout("S", "S", 10.001m, [new RowLayout("1", 3)])] };

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Engine.LoadEventAsync(layout));
    }
}
