using System.Text.Json;
using Ticketing.Load.Api;
using Ticketing.Load.Scenarios.FlashSale;

namespace Ticketing.Load.Tests.Scenarios;

public sealed class LocalSeatMapTests
{
    private static LocalSeatMap Map(params (string Row, int Seats, int[] Taken)[] rows) =>
        LocalSeatMap.Parse(JsonSerializer.SerializeToUtf8Bytes(new SeatMapResponse("event", 1, [new SeatMapSection("S01", rows.Select(row => new SeatMapRow(row.Row,
            Enumerable.Range(1, row.Seats).Select(number => new SeatMapSeat($"S01-{row.Row}-{number}", number,
                row.Taken.Contains(number) ? "held" : "available")).ToList())).ToList())]), Json.Options));

    [Fact]
    public void PicksAdjacentFreeSeatsInOneRow()
    {
        var map = Map(("R001", 6, [2, 4]));

        var picked = map.Pick(2, new Random(1));

        Assert.Equal(["S01-R001-5", "S01-R001-6"], picked);
    }

    [Fact]
    public void PicksAmongEveryAdjacentRunOfTheRow()
    {
        var map = Map(("R001", 6, [3]));
        var random = new Random(7);

        var picks = Enumerable.Range(0, 200).Select(_ => string.Join(",", map.Pick(2, random))).ToHashSet();

        Assert.Equal(["S01-R001-1,S01-R001-2", "S01-R001-4,S01-R001-5", "S01-R001-5,S01-R001-6"], picks.Order());
    }

    [Fact]
    public void FallsBackToSeatsOfOneRowWhenNoRowHasAnAdjacentRun()
    {
        var map = Map(("R001", 5, [2, 4]), ("R002", 2, [1]));

        var picked = map.Pick(3, new Random(1));

        Assert.Equal(["S01-R001-1", "S01-R001-3", "S01-R001-5"], picked);
    }

    [Fact]
    public void FallsBackToWhateverIsLeftWhenNoRowHasEnoughSeats()
    {
        var map = Map(("R001", 3, [2]), ("R002", 3, [1, 3]));

        var picked = map.Pick(4, new Random(1));

        Assert.Equal(["S01-R001-1", "S01-R001-3", "S01-R002-2"], picked);
    }

    [Fact]
    public void NeverPicksASeatTheServiceSaidWasTaken()
    {
        var map = Map(("R001", 4, []), ("R002", 4, []));
        map.MarkTaken(["S01-R001-1", "S01-R001-2", "S01-R001-3", "S01-R001-4", "S01-R002-2"]);

        var picked = map.Pick(4, new Random(3));

        Assert.Equal(3, map.AvailableSeats);
        Assert.Equal(["S01-R002-1", "S01-R002-3", "S01-R002-4"], picked);
    }

    [Fact]
    public void MarkingTakenStrikesOutOnlyTheNamedSeatsOfTheirOwnRows()
    {
        var map = Map(("R001", 3, []), ("R002", 3, []), ("R010", 3, []));

        map.MarkTaken(["S01-R002-2", "S01-R010-3", "S01-R010-3"]);

        Assert.Equal(7, map.AvailableSeats);
        Assert.Equal(
            [["S01-R001-1", "S01-R001-2", "S01-R001-3"], ["S01-R002-1", "S01-R002-3"], ["S01-R010-1", "S01-R010-2"]],
            map.FreeRows);
    }

    [Fact]
    public void SeatsTheViewDoesNotShowAsFreeAreIgnored()
    {
        var map = Map(("R001", 3, [1]));

        map.MarkTaken(["S01-R001-1", "S01-R001-9", "S01-R404-2", "S02-R001-2", "nonsense", "S01-R001-x", ""]);

        Assert.Equal(2, map.AvailableSeats);
        Assert.Equal([["S01-R001-2", "S01-R001-3"]], map.FreeRows);
    }

    [Fact]
    public void ARowWhoseLastSeatIsTakenIsNoLongerPickedFrom()
    {
        var map = Map(("R001", 1, []), ("R002", 2, []));

        map.MarkTaken(["S01-R001-1"]);

        Assert.Equal([["S01-R002-1", "S01-R002-2"]], map.FreeRows);
        Assert.All(Enumerable.Range(0, 20), seed => Assert.StartsWith("S01-R002-", map.Pick(1, new Random(seed))[0], StringComparison.Ordinal));
    }

    [Fact]
    public void AMapWithoutFreeSeatsPicksNothing()
    {
        var map = Map(("R001", 2, [1, 2]));

        Assert.Empty(map.Pick(1, new Random(1)));
        Assert.Equal(0, map.AvailableSeats);
    }
}
