using System.Text.Json;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// The event's rows in layout order (API.md, <c>GET /events/{id}/layout</c>): each row's key
/// (<c>SECTION-ROW</c>) and seat count. The compact seat status (<c>/seat-status</c>) has one
/// letter per seat in this order, so the two together give the seat map, as the seat-map page
/// reads it: the layout once, then only the status.
/// </summary>
public sealed class SeatLayout
{
    private SeatLayout(IReadOnlyList<(string Key, int Seats)> rows) => Rows = rows;

    public IReadOnlyList<(string Key, int Seats)> Rows { get; }

    /// <summary>Reads a layout answer's UTF-8 JSON; null when it has no sections.</summary>
    public static SeatLayout? Parse(ReadOnlySpan<byte> layoutJson)
    {
        var reader = new Utf8JsonReader(layoutJson);
        using var document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("sections", out var sections))
        {
            return null;
        }

        var rows = new List<(string, int)>();
        foreach (var section in sections.EnumerateArray())
        {
            var sectionId = section.GetProperty("id").GetString();
            foreach (var row in section.GetProperty("rows").EnumerateArray())
            {
                rows.Add(($"{sectionId}-{row.GetProperty("id").GetString()}", row.GetProperty("seats").GetInt32()));
            }
        }

        return new SeatLayout(rows);
    }

    /// <summary>The free seats of a seat-status answer's UTF-8 JSON, row by row; null when it has no status.</summary>
    public List<(string RowKey, List<int> FreeNumbers)>? FreeRows(ReadOnlySpan<byte> statusJson)
    {
        var reader = new Utf8JsonReader(statusJson);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                // Letters only (a, h, s, b): never escaped, so the raw bytes are the letters. A
                // problem answer's status is its HTTP code, a number: no seat map there.
                return reader.TokenType == JsonTokenType.String ? FreeRowsOf(reader.ValueSpan) : null;
            }
        }

        return null;
    }

    private List<(string, List<int>)> FreeRowsOf(ReadOnlySpan<byte> letters)
    {
        var free = new List<(string, List<int>)>();
        var position = 0;
        foreach (var (key, seats) in Rows)
        {
            List<int>? numbers = null;
            for (var number = 1; number <= seats && position < letters.Length; number++, position++)
            {
                if (letters[position] == (byte)'a')
                {
                    (numbers ??= []).Add(number);
                }
            }

            if (numbers is not null)
            {
                free.Add((key, numbers));
            }
        }

        return free;
    }
}
