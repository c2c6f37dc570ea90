using System.Text.Json;
using System.Text.Json.Serialization;
using Ticketing.Scripts.Layout;

namespace Ticketing.Scripts.Holds;

/// <summary>A hold record exactly as the scripts store it (JSON in the event's holds hash).</summary>
internal sealed record HoldRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("user")] string User,
    [property: JsonPropertyName("crid")] string ClientReservationId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("seats")] IReadOnlyList<string> Seats,
    [property: JsonPropertyName("cents")] long Cents,
    [property: JsonPropertyName("exp")] long ExpiresAtMs,
    [property: JsonPropertyName("ext")] int ExtensionsLeft,
    [property: JsonPropertyName("fence")] long Fence,
    [property: JsonPropertyName("order")] string Order,
    [property: JsonPropertyName("prices")] IReadOnlyList<long>? Prices = null)
{
    public static HoldRecord Parse(string json) =>
        JsonSerializer.Deserialize<HoldRecord>(json)
        ?? throw new InventoryEngineException("a hold record in Redis is unreadable");

    public HoldView ToView(string eventId, LayoutIndex layout) => new(
        Id,
        eventId,
        User,
        ClientReservationId,
        ParseStatus(Status),
        SeatsAsCharged(layout),
        layout.Currency,
        DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAtMs),
        ExtensionsLeft,
        Fence,
        Order.Length == 0 ? null : Order);

    // Holds made before records carried prices show their layout prices, which no reprice had changed then.
    private IReadOnlyList<SeatInfo> SeatsAsCharged(LayoutIndex layout)
    {
        var seats = layout.Seats(Seats);
        return Prices is null || Prices.Count != seats.Count
            ? seats
            : [.. seats.Select((seat, i) => seat with { Price = Prices[i] / 100m })];
    }

    public static HoldStatus ParseStatus(string status) => status switch
    {
        "held" => HoldStatus.Held,
        "paying" => HoldStatus.Paying,
        "committed" => HoldStatus.Committed,
        "expired" => HoldStatus.Expired,
        "released" => HoldStatus.Released,
        _ => throw new InventoryEngineException($"unknown hold status '{status}' in Redis"),
    };
}
