using System.Globalization;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// A browser's own, possibly stale, view of the free seats: what the seat map it last read showed,
/// less the seats it has since learned were taken, so a retry after 409 picks other seats. Picks
/// seats the way a person clicks them: a few adjacent seats in one row.
/// Kept small for the driver's sake: free seat numbers per row, rows found by their key. Seat ids
/// are <c>SECTION-ROW-NUMBER</c> (API.md), so striking out a seat touches only its own row.
/// </summary>
public sealed class LocalSeatMap
{
    // Rows that still have a free seat, in seat-map order: picking starts at a random one of them.
    private readonly List<FreeRow> _rows;
    private readonly Dictionary<string, FreeRow> _rowsByKey;
    private int _availableSeats;

    private LocalSeatMap(List<FreeRow> rows)
    {
        _rows = rows;
        _rowsByKey = rows.ToDictionary(row => row.Key, StringComparer.Ordinal);
        _availableSeats = rows.Sum(row => row.Numbers.Count);
    }

    public int AvailableSeats => _availableSeats;

    /// <summary>The seat ids still free, row by row (for tests and diagnostics).</summary>
    internal IEnumerable<IReadOnlyList<string>> FreeRows => _rows.Select(row => row.SeatIds(0, row.Numbers.Count));

    /// <summary>The view a seat-map answer's UTF-8 JSON gives (see <see cref="SeatMapReader"/>).</summary>
    public static LocalSeatMap Parse(ReadOnlySpan<byte> seatMapJson) => From(SeatMapReader.FreeRows(seatMapJson));

    /// <summary>The view a compact seat status gives over its layout (see <see cref="SeatLayout"/>); null when the answer has no status.</summary>
    public static LocalSeatMap? Parse(SeatLayout layout, ReadOnlySpan<byte> seatStatusJson) =>
        layout.FreeRows(seatStatusJson) is { } rows ? From(rows) : null;

    private static LocalSeatMap From(List<(string RowKey, List<int> FreeNumbers)> rows) =>
        new(rows.Select(row => new FreeRow(row.RowKey, row.FreeNumbers)).ToList());

    /// <summary>
    /// Up to <paramref name="quantity"/> free seats: adjacent in a random row when one has such a run,
    /// else any free seats of one row, else whatever is left. Empty when the map has no free seat.
    /// </summary>
    public IReadOnlyList<string> Pick(int quantity, Random random)
    {
        if (_rows.Count == 0)
        {
            return [];
        }

        // Start at a random row so that buyers spread over the hall instead of all racing for row 1.
        var start = random.Next(_rows.Count);
        for (var offset = 0; offset < _rows.Count; offset++)
        {
            var row = _rows[(start + offset) % _rows.Count];
            if (row.AdjacentRunStart(quantity, random) is { } first)
            {
                return row.SeatIds(first, quantity);
            }
        }

        var fullest = _rows.MaxBy(row => row.Numbers.Count)!;
        if (fullest.Numbers.Count >= quantity)
        {
            return fullest.SeatIds(0, quantity);
        }

        return _rows.SelectMany(row => row.SeatIds(0, row.Numbers.Count)).Take(quantity).ToList();
    }

    /// <summary>Strikes out seats; ids of seats this view does not show as free are ignored.</summary>
    public void MarkTaken(IEnumerable<string> seatIds)
    {
        var rowsByKey = _rowsByKey.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var seatId in seatIds)
        {
            var dash = seatId.LastIndexOf('-');
            if (dash < 0
                || !int.TryParse(seatId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || !rowsByKey.TryGetValue(seatId.AsSpan(0, dash), out var row))
            {
                continue;
            }

            var index = row.Numbers.BinarySearch(number);
            if (index < 0)
            {
                continue;
            }

            row.Numbers.RemoveAt(index);
            _availableSeats--;
            if (row.Numbers.Count == 0)
            {
                _rows.Remove(row);
                _rowsByKey.Remove(row.Key);
            }
        }
    }

    /// <summary>One row's free seats: its key (<c>SECTION-ROW</c>) and their numbers, ascending.</summary>
    private sealed class FreeRow(string key, List<int> numbers)
    {
        public string Key => key;

        public List<int> Numbers => numbers;

        public List<string> SeatIds(int first, int count)
        {
            var ids = new List<string>(count);
            for (var index = first; index < first + count; index++)
            {
                ids.Add(string.Create(CultureInfo.InvariantCulture, $"{key}-{numbers[index]}"));
            }

            return ids;
        }

        /// <summary>Where a random run of <paramref name="quantity"/> consecutive free seats starts; null when the row has none.</summary>
        public int? AdjacentRunStart(int quantity, Random random)
        {
            var runs = 0;
            for (var index = 0; index + quantity <= numbers.Count; index++)
            {
                if (IsRunAt(index, quantity))
                {
                    runs++;
                }
            }

            if (runs == 0)
            {
                return null;
            }

            var wanted = random.Next(runs);
            for (var index = 0; ; index++)
            {
                if (IsRunAt(index, quantity) && wanted-- == 0)
                {
                    return index;
                }
            }
        }

        // Numbers ascend without duplicates, so the run is consecutive exactly when its ends are quantity - 1 apart.
        private bool IsRunAt(int index, int quantity) => numbers[index + quantity - 1] - numbers[index] == quantity - 1;
    }
}
