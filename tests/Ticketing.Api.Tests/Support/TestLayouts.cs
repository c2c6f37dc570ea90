namespace Ticketing.Api.Tests.Support;

/// <summary>Event bodies for POST /api/v1/events.</summary>
public static class TestLayouts
{
    /// <summary>Section FLOOR (rows A, B of <paramref name="seatsPerRow"/>) at 100.00 and BALCONY (row A) at 40.50.</summary>
    public static Dictionary<string, object> Small(
        int seatsPerRow = 10, int maxSeatsPerHold = 4, int maxTicketsPerUser = 6, int holdTtlSeconds = 300, int maxExtensions = 1,
        string title = "Test Night") => new()
    {
        ["title"] = title,
        ["venue"] = "Test Hall",
        ["starts_at"] = "2030-12-31T20:00:00Z",
        ["currency"] = "USD",
        ["hold_ttl_seconds"] = holdTtlSeconds,
        ["max_seats_per_hold"] = maxSeatsPerHold,
        ["max_tickets_per_user"] = maxTicketsPerUser,
        ["max_extensions"] = maxExtensions,
        ["sections"] = new object[]
        {
            new { id = "FLOOR", name = "Floor", price = 100.00m, rows = new object[] { new { id = "A", seats = seatsPerRow }, new { id = "B", seats = seatsPerRow } } },
            new { id = "BALCONY", name = "Balcony", price = 40.50m, rows = new object[] { new { id = "A", seats = seatsPerRow } } },
        },
    };
}
