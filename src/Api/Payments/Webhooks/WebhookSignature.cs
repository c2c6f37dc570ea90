using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ticketing.Api.Payments.Webhooks;

/// <summary>
/// The payment provider's webhook signature, as providers commonly sign them: the header
/// <c>Payment-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;[,v1=…]</c>, where each
/// <c>v1</c> is the HMAC, under one of the provider's secrets, of <c>"&lt;t&gt;." + raw body</c>.
/// The timestamp is inside the signed text, so a captured webhook cannot be re-dated; the
/// tolerance bounds how long a captured one can be replayed at all. Several <c>v1</c> values
/// (one per secret the provider signs with) and several accepted secrets make rotation seamless.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "Payment-Signature";

    /// <summary>A whole header's budget: a timestamp and a handful of signatures.</summary>
    private const int MaxHeaderLength = 1024;

    private const int SignatureBytes = 32;

    /// <summary>The header value for <paramref name="body"/> signed at <paramref name="timestamp"/> under each secret.</summary>
    public static string Sign(ReadOnlySpan<byte> body, DateTimeOffset timestamp, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var seconds = timestamp.ToUnixTimeSeconds();
        var header = new StringBuilder("t=").Append(seconds.ToString(CultureInfo.InvariantCulture));
        foreach (var secret in secrets)
        {
            header.Append(",v1=").Append(Convert.ToHexStringLower(Mac(secret, seconds, body)));
        }

        return header.ToString();
    }

    /// <summary>Whether <paramref name="header"/> signs <paramref name="body"/> under one of <paramref name="secrets"/>, recently enough.</summary>
    public static SignatureCheck Verify(string? header, ReadOnlySpan<byte> body, IEnumerable<string> secrets, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (!TryParse(header, out var seconds, out var signatures))
        {
            return SignatureCheck.Malformed;
        }

        // Every secret is tried against every signature, with no early exit, so the time taken
        // says nothing about which part matched.
        var matched = false;
        foreach (var secret in secrets)
        {
            var expected = Mac(secret, seconds, body);
            foreach (var signature in signatures)
            {
                matched |= CryptographicOperations.FixedTimeEquals(expected, signature);
            }
        }

        if (!matched)
        {
            return SignatureCheck.Mismatch;
        }

        // Only a genuine signature reaches the clock check: a forger learns nothing about the tolerance.
        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age.Duration() <= tolerance ? SignatureCheck.Valid : SignatureCheck.OutsideTolerance;
    }

    private static byte[] Mac(string secret, long seconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(seconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }

    /// <summary>One <c>t</c> (unix seconds) and at least one well-formed <c>v1</c>; other schemes are skipped, as providers add them.</summary>
    private static bool TryParse(string? header, out long seconds, out List<byte[]> signatures)
    {
        seconds = 0;
        signatures = [];
        if (string.IsNullOrEmpty(header) || header.Length > MaxHeaderLength)
        {
            return false;
        }

        var hasTimestamp = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var (name, value) = (part[..equals], part[(equals + 1)..]);
            if (name == "t")
            {
                if (hasTimestamp || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds)
                    || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
                {
                    return false;
                }

                hasTimestamp = true;
            }
            else if (name == "v1")
            {
                if (value.Length != SignatureBytes * 2 || !IsHex(value))
                {
                    return false;
                }

                signatures.Add(Convert.FromHexString(value));
            }
        }

        return hasTimestamp && signatures.Count > 0;
    }

    private static bool IsHex(string value) => value.All(char.IsAsciiHexDigit);
}

/// <summary>What <see cref="WebhookSignature.Verify"/> found.</summary>
public enum SignatureCheck
{
    /// <summary>Signed by the provider, within the tolerance.</summary>
    Valid,

    /// <summary>No header, or not one of the scheme's shape.</summary>
    Malformed,

    /// <summary>No signature matches the body under any accepted secret.</summary>
    Mismatch,

    /// <summary>Genuine, but signed too long ago (or too far ahead): a replay, or a clock far off.</summary>
    OutsideTolerance,
}
