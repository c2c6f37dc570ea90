using System.Globalization;
using Ticketing.Scripts.Layout;

namespace Ticketing.EngineBench;

/// <summary>
/// The hall the per-operation measurements sell (<see cref="OperationProfile"/>, <see cref="PipeCommands"/>):
/// 4 sections of 50-seat rows, and the named 4-seat holds that fill it in layout order (seats 1-4,
/// 5-8, ... of each row), so every one of them succeeds.
/// </summary>
internal static class ProfileHall
{
    public const int Sections = 4;
    public const int SeatsPerRow = 50;

    private const int HoldsPerRow = SeatsPerRow / BenchOptions.SeatsPerHold;

    public static int RowsPerSection(int seats) => seats / SeatsPerRow / Sections;

    /// <summary>The seats of named hold number <paramref name="hold"/> (0-based).</summary>
    public static string[] NamedHoldSeats(int hold, int rowsPerSection)
    {
        var row = hold / HoldsPerRow;
        var first = hold % HoldsPerRow * BenchOptions.SeatsPerHold + 1;
        var section = $"S{row / rowsPerSection + 1}";
        var rowId = (row % rowsPerSection + 1).ToString(CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(first, BenchOptions.SeatsPerHold).Select(number => SeatInfo.IdOf(section, rowId, number))];
    }
}
