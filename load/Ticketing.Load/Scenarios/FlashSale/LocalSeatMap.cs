using Ticketing.Load.Api;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// A virtual user's own, possibly stale, view of the free seats, as a browser holds the seat map
/// it last read. Picks seats the way a person clicks them: a few adjacent seats in one row.
/// Seats the service said were taken are struck out, so a retry after 409 picks other seats.
/// </summary>
public sealed class LocalSeatMap
{
    private readonly List<List<(string Id, int Number)>> _rows;

    public LocalSeatMap(SeatMapResponse seatMap)
    {
        _rows = seatMap.Sections
            .SelectMany(section => section.Rows)
            .Select(row => row.Seats.Where(seat => seat.Status == "available").OrderBy(seat => seat.Number).Select(seat => (seat.Id, seat.Number)).ToList())
            .Where(row => row.Count > 0)
            .ToList();
    }

    public int AvailableSeats => _rows.Sum(row => row.Count);

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
            if (FindAdjacentRun(row, quantity, random) is { } run)
            {
                return run;
            }
        }

        var fullest = _rows.MaxBy(row => row.Count)!;
        if (fullest.Count >= quantity)
        {
            return fullest.Take(quantity).Select(seat => seat.Id).ToList();
        }

        return _rows.SelectMany(row => row).Take(quantity).Select(seat => seat.Id).ToList();
    }

    public void MarkTaken(IEnumerable<string> seatIds)
    {
        var taken = seatIds.ToHashSet(StringComparer.Ordinal);
        foreach (var row in _rows)
        {
            row.RemoveAll(seat => taken.Contains(seat.Id));
        }

        _rows.RemoveAll(row => row.Count == 0);
    }

    private static List<string>? FindAdjacentRun(List<(string Id, int Number)> row, int quantity, Random random)
    {
        if (row.Count < quantity)
        {
            return null;
        }

        var runStarts = new List<int>();
        for (var index = 0; index + quantity <= row.Count; index++)
        {
            if (row[index + quantity - 1].Number - row[index].Number == quantity - 1)
            {
                runStarts.Add(index);
            }
        }

        if (runStarts.Count == 0)
        {
            return null;
        }

        var first = runStarts[random.Next(runStarts.Count)];
        return row.GetRange(first, quantity).Select(seat => seat.Id).ToList();
    }
}
