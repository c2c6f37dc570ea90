using System.Globalization;
using Ticketing.Load.Api;

namespace Ticketing.Load.Setup;

/// <summary>
/// The layout of a load-test event: <see cref="Seats"/> seats in rows of <see cref="SeatsPerRow"/>,
/// <see cref="RowsPerSection"/> rows to a section, nearer sections dearer. Seat ids are
/// <c>S01-R001-1</c> (section, row, number), the same scheme the k6 scripts and the wrk script build.
/// </summary>
public sealed record EventPlan(int Seats, int SeatsPerRow, int RowsPerSection, int HoldTtlSeconds, int MaxSeatsPerHold, int MaxTicketsPerUser)
{
    public CreateEventRequest ToRequest(string title)
    {
        if (Seats < 1 || SeatsPerRow < 1 || RowsPerSection < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Seats), "an event needs at least one seat, row and section");
        }

        var sections = new List<SectionLayout>();
        var remaining = Seats;
        for (var section = 1; remaining > 0; section++)
        {
            var rows = new List<RowLayout>();
            for (var row = 1; row <= RowsPerSection && remaining > 0; row++)
            {
                var seats = Math.Min(SeatsPerRow, remaining);
                rows.Add(new RowLayout(RowId(row), seats));
                remaining -= seats;
            }

            var price = Math.Max(20m, 200m - (section - 1) * 10m);
            sections.Add(new SectionLayout(SectionId(section), $"Section {section}", price, rows));
        }

        return new CreateEventRequest(
            title, "Load Arena", DateTimeOffset.UtcNow.AddDays(30), "USD",
            HoldTtlSeconds, MaxSeatsPerHold, MaxTicketsPerUser, sections);
    }

    public static string SectionId(int section) => "S" + section.ToString("00", CultureInfo.InvariantCulture);

    public static string RowId(int row) => "R" + row.ToString("000", CultureInfo.InvariantCulture);
}
