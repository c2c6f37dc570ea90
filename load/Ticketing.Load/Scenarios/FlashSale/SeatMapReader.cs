using System.Text.Json;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// Reads the free seats of a seat-map answer (API.md: sections of rows of seats with
/// <c>number</c> and <c>status</c>) straight from its UTF-8 JSON. A 20,000-seat map is read
/// dozens of times a second during a sale on cores the service needs, so no object is made per
/// seat: only each row's key and the numbers of its available seats. Properties may come in any
/// order; unknown ones are skipped.
/// </summary>
internal static class SeatMapReader
{
    /// <summary>Rows with at least one available seat, in seat-map order: key <c>SECTION-ROW</c>, seat numbers ascending.</summary>
    public static List<(string RowKey, List<int> FreeNumbers)> FreeRows(ReadOnlySpan<byte> json)
    {
        var freeRows = new List<(string, List<int>)>();
        var reader = new Utf8JsonReader(json);
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("sections"u8))
            {
                ReadSections(ref reader, freeRows);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return freeRows;
    }

    private static void ReadSections(ref Utf8JsonReader reader, List<(string, List<int>)> freeRows)
    {
        // A section's id may come after its rows: they wait here until the section ends.
        var rows = new List<(string Id, List<int> FreeNumbers)>();
        reader.Read();
        Expect(ref reader, JsonTokenType.StartArray);
        while (NextElement(ref reader, JsonTokenType.StartObject))
        {
            string? sectionId = null;
            rows.Clear();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    sectionId = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("rows"u8))
                {
                    ReadRows(ref reader, rows);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            if (sectionId is null)
            {
                throw new JsonException("a seat-map section has no id");
            }

            freeRows.AddRange(rows.Where(row => row.FreeNumbers.Count > 0).Select(row => ($"{sectionId}-{row.Id}", row.FreeNumbers)));
        }
    }

    private static void ReadRows(ref Utf8JsonReader reader, List<(string Id, List<int> FreeNumbers)> rows)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartArray);
        while (NextElement(ref reader, JsonTokenType.StartObject))
        {
            string? rowId = null;
            var freeNumbers = new List<int>();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    rowId = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("seats"u8))
                {
                    ReadFreeSeats(ref reader, freeNumbers);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            rows.Add((rowId ?? throw new JsonException("a seat-map row has no id"), freeNumbers));
        }
    }

    private static void ReadFreeSeats(ref Utf8JsonReader reader, List<int> freeNumbers)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartArray);
        var ascending = true;
        while (NextElement(ref reader, JsonTokenType.StartObject))
        {
            int? number = null;
            var available = false;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("number"u8))
                {
                    reader.Read();
                    number = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("status"u8))
                {
                    reader.Read();
                    available = reader.ValueTextEquals("available"u8);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            if (available)
            {
                var free = number ?? throw new JsonException("a seat-map seat has no number");
                ascending &= freeNumbers.Count == 0 || freeNumbers[^1] < free;
                freeNumbers.Add(free);
            }
        }

        if (!ascending)
        {
            freeNumbers.Sort();
        }
    }

    // From a property name or the start of an object: true on the next property name, false at the object's end.
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    // Inside an array: true on the next element's first token (which must be `expected`), false at the array's end.
    private static bool NextElement(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            return false;
        }

        Expect(ref reader, expected);
        return true;
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetString() ?? throw new JsonException("a seat-map id is null");
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (reader.TokenType != expected)
        {
            throw new JsonException($"seat map: expected {expected} but found {reader.TokenType}");
        }
    }
}
