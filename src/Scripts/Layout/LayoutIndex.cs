namespace Ticketing.Scripts.Layout;

/// <summary>An event's layout with its seats looked up by id, built once per event and process.</summary>
internal sealed class LayoutIndex
{
    private readonly Dictionary<string, SeatInfo> _seats;

    public LayoutIndex(EventLayout layout)
    {
        Layout = layout;
        _seats = layout.Seats().ToDictionary(seat => seat.Id, StringComparer.Ordinal);
    }

    public EventLayout Layout { get; }

    public string Currency => Layout.Currency;

    public SeatInfo Seat(string seatId) =>
        _seats.TryGetValue(seatId, out var seat)
            ? seat
            : throw new InventoryEngineException($"seat {seatId} is in Redis but not in the event's layout");

    public IReadOnlyList<SeatInfo> Seats(IEnumerable<string> seatIds) => [.. seatIds.Select(Seat)];
}
