namespace Ticketing.Scripts.Layout;

/// <summary>Everything the engine needs to sell an event: its seats, prices and limits.</summary>
/// <param name="EventId">The event's id (a GUID in its canonical "D" form).</param>
/// <param name="Currency">ISO 4217 code shown next to every price.</param>
/// <param name="HoldTtlSeconds">Hold lifetime when a request names none (5..3600).</param>
/// <param name="MaxSeatsPerHold">Most seats one hold may take.</param>
/// <param name="MaxTicketsPerUser">Most seats one user may hold or own at once for this event.</param>
/// <param name="MaxExtensions">How many times one hold may be extended.</param>
/// <param name="Sections">Sections in display order; rows inside them front row first.</param>
public sealed record EventLayout(
    string EventId,
    string Currency,
    int HoldTtlSeconds,
    int MaxSeatsPerHold,
    int MaxTicketsPerUser,
    int MaxExtensions,
    IReadOnlyList<SectionLayout> Sections)
{
    /// <summary>Every seat of the layout, section by section, front row first.</summary>
    public IEnumerable<SeatInfo> Seats() =>
        Sections.SelectMany(section => section.Rows.SelectMany(row =>
            Enumerable.Range(1, row.Seats).Select(number =>
                new SeatInfo(SeatInfo.IdOf(section.Id, row.Id, number), section.Id, row.Id, number, section.Price))));

    /// <summary>Number of seats in the layout.</summary>
    public int TotalSeats => Sections.Sum(section => section.Rows.Sum(row => row.Seats));
}

/// <summary>A priced block of rows.</summary>
public sealed record SectionLayout(string Id, string Name, decimal Price, IReadOnlyList<RowLayout> Rows);

/// <summary>A row of consecutively numbered seats, 1..<paramref name="Seats"/>.</summary>
public sealed record RowLayout(string Id, int Seats);

/// <summary>One seat: id <c>SECTION-ROW-NUMBER</c>, e.g. <c>FLOOR-A-12</c>.</summary>
public sealed record SeatInfo(string Id, string Section, string Row, int Number, decimal Price)
{
    /// <summary>The seat id for a section, row and seat number.</summary>
    public static string IdOf(string section, string row, int number) => $"{section}-{row}-{number}";
}
