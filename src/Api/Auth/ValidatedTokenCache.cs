using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ticketing.Api.Auth;

/// <summary>
/// A <see cref="JsonWebTokenHandler"/> that checks every token in full and answers a token it has
/// seen often enough from memory until the token's own expiry. A buyer sends the same bearer token
/// with every call of a purchase; checking the signature and decoding the claims again each time was
/// a visible share of a hold's CPU.
/// <para>
/// A token is remembered only on its second full check (<see cref="TokenSightings"/>). A fan who
/// joins a waiting room sends their token once and then polls with the queue token; remembering
/// every such token cost more than checking it: the entry outlived the young generation, and with
/// tens of thousands of new fans a second the collector's copying of those entries was the largest
/// single cost of a first join. Buyers, who come back, are remembered from their second call.
/// </para>
/// Only tokens that passed every check are counted or remembered, so a caller cannot fill either
/// with forgeries; a remembered token is dropped the moment it expires, never later than a full
/// check would refuse it (the clock skew allowance is not extended to repeats). Every answer from
/// memory carries its own copy of the identity, so no request sees another's changes.
/// </summary>
public sealed class ValidatedTokenCache : JsonWebTokenHandler, IDisposable
{
    /// <summary>Most tokens remembered at once; beyond it, new tokens are checked in full every time until room frees up.</summary>
    public const int Capacity = 100_000;

    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly TokenSightings _sightings = new();
    private readonly TimeProvider _clock;

    public ValidatedTokenCache(TimeProvider clock)
    {
        _clock = clock;
        // As the default handler of JwtBearer: claims keep the names they have in the token.
        MapInboundClaims = false;
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(token);
        var now = _clock.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out TokenValidationResult? known) && known is { SecurityToken: { } security })
        {
            if (security.ValidTo > now)
            {
                return Copy(known);
            }

            _valid.Remove(token);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not { } validated || validated.ValidTo <= now || !_sightings.SeenBefore(token))
        {
            // Nobody else holds this answer, so it goes out as it is, without a copy.
            return result;
        }

        _valid.Set(token, result, new MemoryCacheEntryOptions
        {
            AbsoluteExpiration = new DateTimeOffset(validated.ValidTo, TimeSpan.Zero),
            Size = 1,
        });
        return Copy(result);
    }

    public void Dispose() => _valid.Dispose();

    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        TokenType = result.TokenType,
        Issuer = result.Issuer,
    };
}

/// <summary>
/// Which tokens have passed a full check before, in a fixed table of fingerprints: no allocation
/// per token, and a constant 4 MiB however many fans sign in. A fingerprint is a slot of the table,
/// so a newer token can take an older one's slot (that token then counts as new once more), and two
/// tokens can share a fingerprint (the second then counts as seen): either way the answer only
/// decides whether a token that passed its full check is remembered, never whether it is valid.
/// </summary>
internal sealed class TokenSightings
{
    private const int SlotBits = 20;

    private readonly int[] _fingerprints = new int[1 << SlotBits];

    /// <summary>Whether the token was counted before; counts it either way.</summary>
    public bool SeenBefore(string token)
    {
        // The string hash is randomized per process, so nobody outside can aim at a slot. Its top
        // bits pick the slot; the slot keeps the whole hash, with the lowest bit set since 0 marks an empty slot.
        var hash = StringComparer.Ordinal.GetHashCode(token);
        var fingerprint = hash | 1;
        ref var slot = ref _fingerprints[(int)((uint)hash >> (32 - SlotBits))];
        if (Volatile.Read(ref slot) == fingerprint)
        {
            return true;
        }

        Volatile.Write(ref slot, fingerprint);
        return false;
    }
}
