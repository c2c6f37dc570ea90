using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ticketing.Api.Auth;

/// <summary>
/// A <see cref="JsonWebTokenHandler"/> that checks each distinct token in full once and answers
/// its repeats from memory until the token's own expiry. A buyer sends the same bearer token with
/// every call of a purchase; checking the signature and decoding the claims again each time was a
/// visible share of a hold's CPU. Only tokens that passed every check are remembered, so a caller
/// cannot fill the cache with forgeries; a remembered token is dropped the moment it expires, never
/// later than a full check would refuse it (the clock skew allowance is not extended to repeats).
/// Every answer carries its own copy of the identity, so no request sees another's changes.
/// </summary>
public sealed class ValidatedTokenCache : JsonWebTokenHandler, IDisposable
{
    /// <summary>Most tokens remembered at once; beyond it, new tokens are checked in full every time until room frees up.</summary>
    public const int Capacity = 100_000;

    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly TimeProvider _clock;

    public ValidatedTokenCache(TimeProvider clock)
    {
        _clock = clock;
        // As the default handler of JwtBearer: claims keep the names they have in the token.
        MapInboundClaims = false;
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
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
        if (result.IsValid && result.SecurityToken is { } validated && validated.ValidTo > now)
        {
            _valid.Set(token, result, new MemoryCacheEntryOptions
            {
                AbsoluteExpiration = new DateTimeOffset(validated.ValidTo, TimeSpan.Zero),
                Size = 1,
            });
            return Copy(result);
        }

        return result;
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
