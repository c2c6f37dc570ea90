using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ticketing.Scripts.Orders;

/// <summary>
/// The one encoding of an order inside Redis. The commit script stores it (in the order record
/// and as an outbox stream entry) as two fields: <c>order</c>, this JSON, and
/// <c>confirmed_at_ms</c>, stamped by the script from Redis <c>TIME</c>. Readers of either place
/// decode with <see cref="Decode"/>, so writer and readers cannot drift apart.
/// </summary>
public static class OrderCodec
{
    /// <summary>Field holding the order JSON.</summary>
    public const string OrderField = "order";

    /// <summary>Field holding the confirmation time in Unix milliseconds.</summary>
    public const string ConfirmedAtField = "confirmed_at_ms";

    /// <summary>
    /// Outbox entries only: the W3C <c>traceparent</c> of the request that committed the order
    /// (absent when it had none), so the PostgreSQL write of the order joins the request's trace.
    /// </summary>
    public const string TraceParentField = "trace_parent";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The JSON stored in <see cref="OrderField"/>; <see cref="OrderRecord.ConfirmedAt"/> is left to the script.</summary>
    public static string Encode(OrderRecord order) => JsonSerializer.Serialize(order with { ConfirmedAt = default }, Options);

    /// <summary>Rebuilds the order from the two stored fields.</summary>
    /// <exception cref="FormatException">The fields are not an order written by <see cref="Encode"/>.</exception>
    public static OrderRecord Decode(string orderJson, string confirmedAtMs)
    {
        OrderRecord? order;
        try
        {
            order = JsonSerializer.Deserialize<OrderRecord>(orderJson, Options);
        }
        catch (JsonException exception)
        {
            throw new FormatException("outbox entry is not an order", exception);
        }

        if (order is null || !long.TryParse(confirmedAtMs, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            throw new FormatException("outbox entry is not an order");
        }

        return order with { ConfirmedAt = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) };
    }
}
