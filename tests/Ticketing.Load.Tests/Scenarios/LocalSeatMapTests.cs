using Ticketing.Load.Api;
using Ticketing.Load.Scenarios.FlashSale;

namespace Ticketing.Load.Tests.Scenarios;

public sealed class LocalSeatMapTests
{
    private static SeatMapResponse Map(params (string Row, int Seats, int[] Taken)[] rows) =>
        new("event", 1, [new SeatMapSection("S01", rows.Select(row => new SeatMapRow(row.Row,
            Enumerable.Range(1, row.Seats).Select(number => new SeatMapSeat($"S01-{row.Row}-{number}", number,
                row.Taken.Contains(number) ? "held" : "available")).ToList())).ToList())]);

    [Fact]
    public void PicksAdjacentFreeSeatsInOneRow()
    {
        var map = new LocalSeatMap(Map(("R001", 6, [2, 4])));

        var picked = map.Pick(2, new Random(1));

        Assert.Equal(["S01-R001-5", "S01-R001-6"], picked);
    }

    [Fact]
    public void FallsBackToSeatsOfOneRowWhenNoRowHasAnAdjacentRun()
    {
        var map = new LocalSeatMap(Map(("R001", 5, [2, 4]), ("R002", 2, [1])));

        var picked = map.Pick(3, new Random(1));

        Assert.Equal(["S01-R001-1", "S01-R001-3", "S01-R001-5"], picked);
    }

    [Fact]
    public void NeverPicksASeatTheServiceSaidWasTaken()
    {
        var map = new LocalSeatMap(Map(("R001", 4, []), ("R002", 4, [])));
        map.MarkTaken(["S01-R001-1", "S01-R001-2", "S01-R001-3", "S01-R001-4", "S01-R002-2"]);

        var picked = map.Pick(4, new Random(3));

        Assert.Equal(3, map.AvailableSeats);
        Assert.Equal(["S01-R002-1", "S01-R002-3", "S01-R002-4"], picked);
    }

    [Fact]
    public void AMapWithoutFreeSeatsPicksNothing()
    {
        var map = new LocalSeatMap(Map(("R001", 2, [1, 2])));

        Assert.Empty(map.Pick(1, new Random(1)));
        Assert.Equal(0, map.AvailableSeats);
    }
}
