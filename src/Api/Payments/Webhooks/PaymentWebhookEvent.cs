using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ticketing.Api.Payments.Webhooks;

/// <summary>
/// A payment provider's notification, as posted to <c>POST /api/v1/webhooks/payments</c>:
/// <c>{ "id": "evt_…", "type": "payment.succeeded", "created": 1764400000, "data": { "idempotency_key": "…", "transaction_id": "txn_…" } }</c>.
/// <see cref="Id"/> is the provider's event id, the same in every redelivery of one event.
/// </summary>
public sealed record PaymentWebhookEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("data")] PaymentWebhookData? Data)
{
    public const string Succeeded = "payment.succeeded";
    public const string Failed = "payment.failed";

    /// <summary>The longest event id kept: providers' ids are a few dozen characters.</summary>
    public const int MaxIdLength = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The event in <paramref name="body"/>, or null when it is not one (not JSON, no id or type).</summary>
    public static PaymentWebhookEvent? TryRead(ReadOnlySpan<byte> body)
    {
        try
        {
            var read = JsonSerializer.Deserialize<PaymentWebhookEvent>(body, Json);
            return read is { Id.Length: > 0 and <= MaxIdLength, Type.Length: > 0 } ? read : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

/// <summary>The payment an event is about: the key the charge was made under and, on success, the provider's transaction.</summary>
public sealed record PaymentWebhookData(
    [property: JsonPropertyName("idempotency_key")] string? IdempotencyKey,
    [property: JsonPropertyName("transaction_id")] string? TransactionId,
    [property: JsonPropertyName("reason")] string? Reason);
