using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Ticketing.Api.Auth;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>A fan's place as their queue token carries it; <see cref="QueueNumber"/> is 0 for a pre-queue place (drawn at the open).</summary>
public sealed record QueueTicket(string UserId, string EventId, long QueueNumber);

/// <summary>
/// The room's two signed tokens, JWTs under a key derived from the process signing key (so neither
/// can pass as a bearer token, nor one as the other: each has its own audience):
/// <list type="bullet">
/// <item>the queue token names the user, the event and the fan's queue number, so a poll is
/// answered from the process's copy of the room without reading Redis;</item>
/// <item>the admission token names the user and the event and expires with the admission.</item>
/// </list>
/// The pseudonymous fan id stored in Redis comes from the same derived secret.
/// </summary>
public sealed class QueueTokens
{
    private const string QueueAudience = "ticketing-queue";
    private const string AdmissionAudience = "ticketing-admission";
    private const string EventClaim = "evt";
    private const string QueueNumberClaim = "qn";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly string _issuer;
    private readonly SymmetricSecurityKey _key;
    private readonly byte[] _fanIdSecret;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _queueTokenLifetime;

    public QueueTokens(JwtSigningKey signingKey, IOptions<AuthOptions> auth, IOptions<WaitingRoomOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        var root = signingKey.Key.Key;
        _key = new SymmetricSecurityKey(HMACSHA256.HashData(root, "waiting-room tokens"u8));
        _fanIdSecret = HMACSHA256.HashData(root, "waiting-room fan ids"u8);
        _issuer = auth.Value.Issuer;
        _clock = clock;
        _queueTokenLifetime = TimeSpan.FromSeconds(options.Value.QueueTokenLifetimeSeconds);
    }

    /// <summary>The fan id Redis stores for this user in this event (<see cref="FairShuffle.PseudonymousId"/>).</summary>
    public string FanId(string eventId, string userId) => FairShuffle.PseudonymousId(_fanIdSecret, eventId, userId);

    public string IssueQueueToken(QueueTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var now = _clock.GetUtcNow();
        return Issue(QueueAudience, ticket.UserId, ticket.EventId, now + _queueTokenLifetime,
            new Claim(QueueNumberClaim, ticket.QueueNumber.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
    }

    public string IssueAdmissionToken(string userId, string eventId, DateTimeOffset expiresAt) =>
        Issue(AdmissionAudience, userId, eventId, expiresAt);

    /// <summary>The ticket inside a queue token for <paramref name="eventId"/>; null when forged, expired or for another event.</summary>
    public async Task<QueueTicket?> ReadQueueTokenAsync(string token, string eventId)
    {
        var claims = await ValidateAsync(token, QueueAudience, eventId).ConfigureAwait(false);
        return claims is not null
            && claims.TryGetValue(QueueNumberClaim, out var number) && number is IConvertible convertible
            && convertible.ToInt64(CultureInfo.InvariantCulture) is var queueNumber && queueNumber >= 0
            && claims[JwtRegisteredClaimNames.Sub] is string userId
            ? new QueueTicket(userId, eventId, queueNumber)
            : null;
    }

    /// <summary>Whether <paramref name="token"/> admits <paramref name="userId"/> to <paramref name="eventId"/> now.</summary>
    public async Task<bool> AdmitsAsync(string? token, string userId, string eventId)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var claims = await ValidateAsync(token, AdmissionAudience, eventId).ConfigureAwait(false);
        return claims is not null && claims[JwtRegisteredClaimNames.Sub] as string == userId;
    }

    private string Issue(string audience, string userId, string eventId, DateTimeOffset expiresAt, params Claim[] extra)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId), new Claim(EventClaim, eventId), .. extra]),
            IssuedAt = now,
            NotBefore = now,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    private async Task<IDictionary<string, object>?> ValidateAsync(string token, string audience, string eventId)
    {
        if (token.Length > 4096)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _issuer,
            ValidAudience = audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } end && end > _clock.GetUtcNow().UtcDateTime && (notBefore is null || notBefore <= _clock.GetUtcNow().UtcDateTime.AddSeconds(5)),
        }).ConfigureAwait(false);
        return result.IsValid && result.Claims.TryGetValue(EventClaim, out var tokenEvent) && tokenEvent as string == eventId
            && result.Claims.ContainsKey(JwtRegisteredClaimNames.Sub)
            ? result.Claims
            : null;
    }
}
