using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Ticketing.Api.Auth;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Tickets;

namespace Ticketing.Api.Tickets;

/// <summary>
/// The signed string in a ticket's QR code: <c>TK1.&lt;key id&gt;.&lt;body&gt;.&lt;signature&gt;</c>, where the body
/// is the base64url of <c>ticket id \n order id \n event id \n seat id</c> and the signature the base64url of
/// HMAC-SHA256 over everything before it, under the key the key id names (<see cref="TicketSigningOptions"/>).
/// The gate trusts what a payload says only after its signature checks, so a ticket cannot be forged, altered
/// or moved to another seat or event without a key. ASCII only, so a QR code holds it in byte mode.
/// </summary>
public sealed class TicketPayloads
{
    public const string Version = "TK1";

    /// <summary>Key id of the key derived from <c>Auth:SigningKey</c> when no ticket keys are configured.</summary>
    public const string DerivedKeyId = "auth";

    /// <summary>Longest payload accepted for verification: a real one is about 300 characters.</summary>
    public const int MaxLength = 1024;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _currentKeyId;

    public TicketPayloads(IOptions<TicketSigningOptions> options, IOptions<AuthOptions> auth)
    {
        var configured = options.Value;
        if (configured.SigningKeys.Count > 0)
        {
            _keys = configured.SigningKeys.ToDictionary(pair => pair.Key, pair => JwtSigningKey.Decode(pair.Value)!, StringComparer.Ordinal);
            _currentKeyId = configured.CurrentKeyId!;
            return;
        }

        // Without ticket keys, one is derived from the token signing key (a different key for a
        // different purpose, so neither can stand for the other). Without that either (Development
        // and Testing only), a random key lives as long as the process, like the token key.
        var secret = JwtSigningKey.Decode(auth.Value.SigningKey);
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [DerivedKeyId] = secret is null
                ? RandomNumberGenerator.GetBytes(32)
                : HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.ASCII.GetBytes("ticketing ticket payload")),
        };
        _currentKeyId = DerivedKeyId;
    }

    /// <summary>The payload for a ticket, signed with the current key.</summary>
    public string Sign(TicketRef ticket)
    {
        var body = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', ticket.TicketId, ticket.OrderId, ticket.EventId, ticket.SeatId)));
        var signed = $"{Version}.{_currentKeyId}.{body}";
        return $"{signed}.{Base64Url.EncodeToString(Mac(_keys[_currentKeyId], signed))}";
    }

    /// <summary>
    /// The ticket a payload names, or null when it is not one this service signed with a key it still holds
    /// (garbled, altered, forged, unknown or removed key). Never throws on any input.
    /// </summary>
    public TicketRef? Verify(string? payload)
    {
        if (payload is null || payload.Length > MaxLength)
        {
            return null;
        }

        var parts = payload.Split('.');
        if (parts.Length != 4 || parts[0] != Version || !_keys.TryGetValue(parts[1], out var key))
        {
            return null;
        }

        var signed = payload[..payload.LastIndexOf('.')];
        if (!Base64Url.IsValid(parts[3]) || !Base64Url.IsValid(parts[2])
            || !CryptographicOperations.FixedTimeEquals(Base64Url.DecodeFromChars(parts[3]), Mac(key, signed)))
        {
            return null;
        }

        var fields = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[2])).Split('\n');
        // A payload this service signed always holds ids made here; anything else is a signing defect
        // or a leaked key, and is refused all the same.
        return fields.Length == 4
            && EntityIds.TryGetEventId(fields[0], EntityIds.TicketPrefix, out var ticketEvent) && ticketEvent == fields[2]
            && EntityIds.TryGetEventId(fields[1], EntityIds.OrderPrefix, out var orderEvent) && orderEvent == fields[2]
            && fields[3].Length > 0
            ? new TicketRef(fields[2], fields[0], fields[1], fields[3])
            : null;
    }

    private static byte[] Mac(byte[] key, string signed) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed));
}
