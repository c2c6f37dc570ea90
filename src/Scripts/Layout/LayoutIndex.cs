namespace Ticketing.Scripts.Layout;

/// <summary>An event's layout with its seats looked up by id, built once per event and process.</summary>
internal sealed class LayoutIndex
{
    private readonly SeatInfo[] _seats;
    private readonly Dictionary<string, int> _positions;

    public LayoutIndex(EventLayout layout)
    {
        Layout = layout;
        _seats = [.. layout.Seats()];
        _positions = new Dictionary<string, int>(_seats.Length, StringComparer.Ordinal);
        for (var position = 0; position < _seats.Length; position++)
        {
            _positions.Add(_seats[position].Id, position);
        }
    }

    public EventLayout Layout { get; }

    public string Currency => Layout.Currency;

    /// <summary>Every seat in layout order: seat <c>i</c> is byte <c>i</c> of the event's status string.</summary>
    public IReadOnlyList<SeatInfo> AllSeats => _seats;

    public SeatInfo Seat(string seatId) => _seats[Position(seatId)];

    /// <summary>The seat's 0-based position in layout order.</summary>
    public int Position(string seatId) =>
        _positions.TryGetValue(seatId, out var position)
            ? position
            : throw new InventoryEngineException($"seat {seatId} is in Redis but not in the event's layout");

    public IReadOnlyList<SeatInfo> Seats(IEnumerable<string> seatIds) => [.. seatIds.Select(Seat)];
}
