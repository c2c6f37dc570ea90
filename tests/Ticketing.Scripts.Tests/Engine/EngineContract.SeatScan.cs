using Ticketing.Scripts.Layout;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Scripts.Tests.Engine;

/// <summary>The paged read of every seat answers what the one-run snapshot answers.</summary>
public abstract partial class EngineContract
{
    [Theory]
    [InlineData(1)]
    [InlineData(25)]
    [InlineData(5_000)]
    public async Task APagedReadOfEverySeatAnswersWhatTheSnapshotAnswers(int seatsPerPage)
    {
        var harness = NewHarness();
        // 600 seats: past the size where Redis keeps a hash as one listpack, so HSCAN really pages.
        var layout = await harness.LoadAsync(new EventLayout(Guid.NewGuid().ToString("D"), "USD", 300, 8, 8, 1,
        [
            new SectionLayout("FLOOR", "Floor", 100m, [.. Enumerable.Range(1, 10).Select(row => new RowLayout($"R{row}", 30))]),
            new SectionLayout("BALCONY", "Balcony", 50m, [.. Enumerable.Range(1, 10).Select(row => new RowLayout($"R{row}", 30))]),
        ]));
        var engine = harness.Engine;
        await harness.ArrangeEverySeatStateAsync(layout, ["FLOOR-R1-1", "FLOOR-R1-2"], "FLOOR-R5-30", "BALCONY-R10-1", ["BALCONY-R3-7", "BALCONY-R3-8"]);

        var scanned = await engine.ScanSeatsAsync(layout.EventId, seatsPerPage);
        var snapshot = await engine.SnapshotAsync(layout.EventId);

        Assert.NotNull(scanned);
        Assert.Equal(snapshot!.Version, scanned.Version);
        Assert.Equal(snapshot.Seats, scanned.Seats);
        // The elapsed hold's seats read available but still name it, as in the snapshot.
        Assert.All(scanned.Seats.Where(seat => seat.Seat.Id is "FLOOR-R1-1" or "FLOOR-R1-2"),
            seat => Assert.Equal((SeatStatus.Available, true), (seat.Status, seat.HoldId is not null)));
    }
}
