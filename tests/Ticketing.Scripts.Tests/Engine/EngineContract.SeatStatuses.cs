using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.SeatMap;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

/// <summary>
/// The status string (one byte per seat) behind the seat map: the scripts place each seat where
/// the C# side reads it, keep it equal to the seats hash, and the read built on it answers what
/// the full snapshot answers.
/// </summary>
public abstract partial class EngineContract
{
    [Fact]
    public async Task StatusPositionsFollowTheLayoutOrderOverSectionsWithRowsOfDifferentLengths()
    {
        var harness = NewHarness();
        // Sections with different numbers of rows of different lengths: best-available's row order
        // (row 1 of every section, then row 2, ...) differs from layout order here.
        var layout = await harness.LoadAsync(new EventLayout(Guid.NewGuid().ToString("D"), "USD", 300, 8, 8, 1,
        [
            new SectionLayout("FLOOR", "Floor", 100m, [new RowLayout("A", 3), new RowLayout("B", 5), new RowLayout("C", 1)]),
            new SectionLayout("BALCONY", "Balcony", 50m, [new RowLayout("1", 4), new RowLayout("2", 2)]),
            new SectionLayout("BOX", "Box", 200m, [new RowLayout("X", 7)]),
        ]));
        var order = layout.Seats().Select(seat => seat.Id).ToList();

        var index = await Redis.GetDatabase().HashGetAllAsync(EventKeys.SeatIndex(layout.EventId));
        Assert.Equal(order, index.OrderBy(entry => SeatIndexEntry.Parse(entry.Value).Position).Select(entry => (string)entry.Name!));
        Assert.Equal(Enumerable.Range(0, order.Count), index.Select(entry => SeatIndexEntry.Parse(entry.Value).Position).Order());
        Assert.Equal(new string('a', 22), (string?)await Redis.GetDatabase().StringGetAsync(EventKeys.Status(layout.EventId)));

        // The first seat, a row of one, a seat mid-layout and the last seat.
        await harness.HeldAsync(layout, "u1", "FLOOR-A-1", "FLOOR-C-1");
        await harness.CommittedAsync(await harness.HeldAsync(layout, "u2", "BALCONY-2-2", "BOX-X-7"), "k");

        var expected = order.Select(seatId => seatId switch
        {
            "FLOOR-A-1" or "FLOOR-C-1" => 'h',
            "BALCONY-2-2" or "BOX-X-7" => 's',
            _ => 'a',
        });
        Assert.Equal(string.Concat(expected), (string?)await Redis.GetDatabase().StringGetAsync(EventKeys.Status(layout.EventId)));
        var statuses = await harness.Engine.SeatStatusesAsync(layout.EventId);
        Assert.NotNull(statuses);
        Assert.Equal(order, statuses.Seats.Select(seat => seat.Seat.Id));
        Assert.Equal(
            ["FLOOR-A-1:Held", "FLOOR-C-1:Held", "BALCONY-2-2:Sold", "BOX-X-7:Sold"],
            statuses.Seats.Where(seat => seat.Status != SeatStatus.Available).Select(seat => $"{seat.Seat.Id}:{seat.Status}"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task TheStatusReadAnswersWhatTheSnapshotAnswersWithElapsedHoldsAvailable()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var engine = harness.Engine;
        await harness.ArrangeEverySeatStateAsync(layout, ["FLOOR-A-1", "FLOOR-A-2"], "FLOOR-B-1", "FLOOR-C-3", ["BALCONY-A-1", "BALCONY-A-2"]);

        var statuses = await engine.SeatStatusesAsync(layout.EventId);
        var snapshot = await engine.SnapshotAsync(layout.EventId);
        Assert.NotNull(statuses);
        Assert.Equal(snapshot!.ToStatusMap().Seats, statuses.Seats);
        Assert.Equal(snapshot.Version, statuses.Version);
        Assert.Equal(
            ["FLOOR-B-1:Held", "FLOOR-C-3:Held", "BALCONY-A-1:Sold", "BALCONY-A-2:Sold"],
            statuses.Seats.Where(seat => seat.Status != SeatStatus.Available).Select(seat => $"{seat.Seat.Id}:{seat.Status}"));
        // Not swept yet: Redis still says held, the read says available.
        Assert.Equal("h", (await EngineAssertions.RawSeatsAsync(Redis, layout.EventId))["FLOOR-A-1"][..1]);

        await engine.ExpireDueAsync(layout.EventId);

        var swept = await engine.SeatStatusesAsync(layout.EventId);
        var sweptSnapshot = await engine.SnapshotAsync(layout.EventId);
        Assert.Equal(statuses.Seats, swept!.Seats);
        Assert.Equal(sweptSnapshot!.ToStatusMap().Seats, swept.Seats);
        Assert.Equal(statuses.Version + 1, swept.Version);
        Assert.Equal(sweptSnapshot.Version, swept.Version);
        await EngineAssertions.CountersMatchRecountAsync(engine, Redis, layout.EventId);
    }
}
