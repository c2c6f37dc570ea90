using Ticketing.Load.Api;
using Ticketing.Load.Scenarios.HoldRate;

namespace Ticketing.Load.Tests.Scenarios;

public sealed class HoldRateTests
{
    [Fact]
    public void SeatBlocksAreDisjointUntilTheEventRunsOut()
    {
        var seatMap = new SeatMapResponse("event", 1, [new SeatMapSection("S01",
            [new SeatMapRow("R001", Enumerable.Range(1, 10).Select(number => new SeatMapSeat($"S01-R001-{number}", number, number == 3 ? "sold" : "available")).ToList())])]);
        var blocks = new SeatBlocks(seatMap, 4);

        Assert.Equal(2, blocks.Blocks);
        Assert.Empty(blocks.Block(0).Intersect(blocks.Block(1)));
        Assert.DoesNotContain("S01-R001-3", blocks.Block(0).Concat(blocks.Block(1)));
        Assert.Equal(blocks.Block(0), blocks.Block(2));
        Assert.Equal(
            ["a [\"S01-R001-1\",\"S01-R001-2\",\"S01-R001-4\",\"S01-R001-5\"]", "b [\"S01-R001-1\",\"S01-R001-2\",\"S01-R001-4\",\"S01-R001-5\"]",
             "a [\"S01-R001-6\",\"S01-R001-7\",\"S01-R001-8\",\"S01-R001-9\"]", "b [\"S01-R001-6\",\"S01-R001-7\",\"S01-R001-8\",\"S01-R001-9\"]"],
            SeatBlocks.Interleave([("a", blocks), ("b", blocks)]));
    }
}
