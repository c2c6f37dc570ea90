using System.Text;
using Ticketing.Load.Scenarios.FlashSale;

namespace Ticketing.Load.Tests.Scenarios;

public sealed class SeatLayoutTests
{
    // Two sections as /layout answers them: seat counts only, the letters come from /seat-status.
    private static readonly SeatLayout Layout = SeatLayout.Parse(Encoding.UTF8.GetBytes("""
        {"event_id":"e","currency":"USD","total_seats":7,"sections":[
          {"id":"S01","name":"One","price":10.00,"rows":[{"id":"R001","seats":3},{"id":"R002","seats":2}]},
          {"id":"S02","name":"Two","price":20.00,"rows":[{"id":"R001","seats":2}]}]}
        """))!;

    [Fact]
    public void TheStatusLettersGiveEachRowsFreeSeatsInLayoutOrder()
    {
        var free = Layout.FreeRows(Encoding.UTF8.GetBytes("""{"event_id":"e","version":9,"status":"ahasbaa"}"""));

        Assert.NotNull(free);
        Assert.Equal(["S01-R001", "S02-R001"], free.Select(row => row.RowKey));
        Assert.Equal([1, 3], free[0].FreeNumbers);
        Assert.Equal([1, 2], free[1].FreeNumbers);
    }

    [Fact]
    public void ABrowserViewFromTheStatusPicksOnlyFreeSeats()
    {
        var map = LocalSeatMap.Parse(Layout, Encoding.UTF8.GetBytes("""{"version":9,"status":"ssssbaa"}"""));

        Assert.NotNull(map);
        Assert.Equal(2, map.AvailableSeats);
        Assert.Equal(["S02-R001-1", "S02-R001-2"], map.Pick(2, new Random(3)));
    }

    [Fact]
    public void AnAnswerWithoutStatusGivesNoView() =>
        Assert.Null(LocalSeatMap.Parse(Layout, Encoding.UTF8.GetBytes("""{"type":"about:blank","status":404}""")));
}
