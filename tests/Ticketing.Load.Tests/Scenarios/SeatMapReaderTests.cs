using System.Text;
using System.Text.Json;
using Ticketing.Load.Api;
using Ticketing.Load.Scenarios.FlashSale;

namespace Ticketing.Load.Tests.Scenarios;

public sealed class SeatMapReaderTests
{
    // The free rows as the driver used to find them: the whole answer as records, then filtered.
    private static List<List<string>> FreeRowsFromRecords(byte[] json) =>
        JsonSerializer.Deserialize<SeatMapResponse>(json, Json.Options)!.Sections
            .SelectMany(section => section.Rows)
            .Select(row => row.Seats.Where(seat => seat.Status == "available").OrderBy(seat => seat.Number).Select(seat => seat.Id).ToList())
            .Where(row => row.Count > 0)
            .ToList();

    private static List<List<string>> FreeRowsStreamed(byte[] json) =>
        LocalSeatMap.Parse(json).FreeRows.Select(row => row.ToList()).ToList();

    [Fact]
    public void StreamingFindsTheSameFreeRowsAsRecordsForAnAnswerAsTheApiWritesIt()
    {
        var json = Encoding.UTF8.GetBytes("""
            { "event_id": "e1", "version": 1842,
              "sections": [
                { "id": "FLOOR", "name": "Floor", "price": 299.99,
                  "rows": [ { "id": "A", "seats": [ { "id": "FLOOR-A-1", "number": 1, "status": "available" },
                                                    { "id": "FLOOR-A-2", "number": 2, "status": "held" },
                                                    { "id": "FLOOR-A-3", "number": 3, "status": "available" } ] },
                            { "id": "B", "seats": [ { "id": "FLOOR-B-1", "number": 1, "status": "sold" } ] } ] },
                { "rows": [ { "seats": [ { "status": "available", "number": 12, "id": "UPPER-C-12", "accessible": true },
                                         { "number": 10, "id": "UPPER-C-10", "status": "available" },
                                         { "number": 11, "status": "sold", "id": "UPPER-C-11" } ],
                              "id": "C", "extra": { "nested": [1, 2, { "status": "available" }] } } ],
                  "id": "UPPER", "name": "Upper \u0022tier\u0022", "price": 20 } ] }
            """);

        var streamed = FreeRowsStreamed(json);

        Assert.Equal(FreeRowsFromRecords(json), streamed);
        Assert.Equal([["FLOOR-A-1", "FLOOR-A-3"], ["UPPER-C-10", "UPPER-C-12"]], streamed);
    }

    [Fact]
    public void StreamingFindsTheSameFreeRowsAsRecordsForALargeMixedSeatMap()
    {
        var random = new Random(20_000);
        string[] statuses = ["available", "available", "held", "sold"];
        var sections = Enumerable.Range(1, 20).Select(section => new SeatMapSection($"S{section:00}",
            Enumerable.Range(1, 20).Select(row => new SeatMapRow($"R{row:000}",
                Enumerable.Range(1, 50).Select(number => new SeatMapSeat($"S{section:00}-R{row:000}-{number}", number, statuses[random.Next(statuses.Length)])).ToList())).ToList())).ToList();
        var json = JsonSerializer.SerializeToUtf8Bytes(new SeatMapResponse("event", 7, sections), Json.Options);

        var streamed = FreeRowsStreamed(json);

        Assert.Equal(FreeRowsFromRecords(json), streamed);
        Assert.Equal(LocalSeatMap.Parse(json).AvailableSeats, streamed.Sum(row => row.Count));
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{ "sections": { } }""")]
    [InlineData("""{ "sections": [ { "rows": [ { "id": "A", "seats": [ ] } ] } ] }""")]
    [InlineData("""{ "sections": [ { "id": "S", "rows": [ { "id": "A", "seats": [ { "status": "available" } ] } ] } ] }""")]
    [InlineData("""{ "sections": [ { "id": "S", "rows": [ { "id": "A", "seats": [ { "number": 1, "status": "available" }""")]
    public void AnAnswerThatIsNotASeatMapIsRejected(string json)
    {
        Assert.ThrowsAny<JsonException>(() => LocalSeatMap.Parse(Encoding.UTF8.GetBytes(json)));
    }
}
