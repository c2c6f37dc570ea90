using System.Globalization;
using Ticketing.Scripts.Layout;

namespace Ticketing.EngineBench;

/// <summary>
/// The benchmark's event: one section of <c>rows</c> rows of 4 seats. Row ids are the 12-digit,
/// zero-padded numbers that redis-benchmark writes for <c>__rand_int__</c>, so both drivers pick
/// "seat k of a random row" for k = 1..4 from the same seat space.
/// </summary>
internal static class BenchEvent
{
    public const string Section = "B";

    public static EventLayout Create(int rows) => new(
        Guid.NewGuid().ToString("D"),
        "USD",
        3600,
        BenchOptions.SeatsPerHold,
        int.MaxValue,
        0,
        [new SectionLayout(Section, "Bench", 50m, [.. Enumerable.Range(0, rows).Select(row => new RowLayout(RowId(row), BenchOptions.SeatsPerHold))])]);

    public static string RowId(int row) => row.ToString("D12", CultureInfo.InvariantCulture);

    public static string SeatId(int row, int number) => $"{Section}-{RowId(row)}-{number}";
}
