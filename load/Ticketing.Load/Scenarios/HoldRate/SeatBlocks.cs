using Ticketing.Load.Api;

namespace Ticketing.Load.Scenarios.HoldRate;

/// <summary>
/// Deals out disjoint blocks of free seats, in seat-map order, so every hold asks for seats no
/// one holds and the run measures holds rather than conflicts. Wraps around when the event runs
/// out (those holds then answer 409, and the report says so).
/// </summary>
public sealed class SeatBlocks
{
    private readonly string[] _seats;
    private readonly int _blockSize;

    public SeatBlocks(SeatMapResponse seatMap, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _blockSize = blockSize;
        _seats = seatMap.Sections.SelectMany(section => section.Rows).SelectMany(row => row.Seats)
            .Where(seat => seat.Status == "available").Select(seat => seat.Id).ToArray();
        if (_seats.Length < blockSize)
        {
            throw new InvalidOperationException($"the event has {_seats.Length} free seats, fewer than one hold of {blockSize}");
        }
    }

    public long Blocks => _seats.Length / _blockSize;

    /// <summary>
    /// Every block of every event as "EVENT_ID [seat ids]" lines (what load/wrk/hold.lua reads),
    /// taking one block of each event in turn so that consecutive holds spread over the events.
    /// </summary>
    public static IEnumerable<string> Interleave(IReadOnlyList<(string EventId, SeatBlocks Blocks)> events)
    {
        var most = events.Count == 0 ? 0 : events.Max(entry => entry.Blocks.Blocks);
        for (long index = 0; index < most; index++)
        {
            foreach (var (eventId, blocks) in events.Where(entry => index < entry.Blocks.Blocks))
            {
                yield return $"{eventId} {System.Text.Json.JsonSerializer.Serialize(blocks.Block(index))}";
            }
        }
    }

    public IReadOnlyList<string> Block(long index) =>
        new ArraySegment<string>(_seats, (int)(index % Blocks) * _blockSize, _blockSize);
}
