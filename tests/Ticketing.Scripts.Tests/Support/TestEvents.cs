using Ticketing.Scripts.Layout;

namespace Ticketing.Scripts.Tests.Support;

/// <summary>Layouts for tests; every call makes a new event id.</summary>
public static class TestEvents
{
    /// <summary>Section FLOOR (rows A, B, ... of <paramref name="seatsPerRow"/> at 100.00) and BALCONY (rows A, B at 49.99).</summary>
    public static EventLayout Arena(
        int floorRows = 3,
        int seatsPerRow = 10,
        int maxSeatsPerHold = 8,
        int maxTicketsPerUser = 8,
        int maxExtensions = 1,
        int holdTtlSeconds = 300) =>
        new(
            Guid.NewGuid().ToString("D"),
            "USD",
            holdTtlSeconds,
            maxSeatsPerHold,
            maxTicketsPerUser,
            maxExtensions,
            [
                new SectionLayout("FLOOR", "Floor", 100.00m,
                    [.. Enumerable.Range(0, floorRows).Select(i => new RowLayout(((char)('A' + i)).ToString(), seatsPerRow))]),
                new SectionLayout("BALCONY", "Balcony", 49.99m, [new RowLayout("A", 6), new RowLayout("B", 6)]),
            ]);

    /// <summary>One section of one row.</summary>
    public static EventLayout SingleRow(int seats, int maxSeatsPerHold = 8, int maxTicketsPerUser = 100) =>
        new(Guid.NewGuid().ToString("D"), "EUR", 300, maxSeatsPerHold, maxTicketsPerUser, 1,
            [new SectionLayout("S", "Stalls", 10m, [new RowLayout("1", seats)])]);
}
