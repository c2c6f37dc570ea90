using Microsoft.Extensions.Options;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>What a join or a poll answers a fan.</summary>
/// <param name="EstimatedWaitSeconds">Seconds until admission at the measured rate; null while nobody is being admitted.</param>
/// <param name="AdmissionToken">Once admitted: send it as <c>X-Admission-Token</c> on reservation calls.</param>
/// <param name="AdmissionExpiresAt">When the admission ends.</param>
/// <param name="Status"><c>waiting</c>, <c>admitted</c> or <c>expired</c>.</param>
/// <param name="Position">1 at the head; null in a pre-queue, whose order is drawn at the open.</param>
/// <param name="QueueToken">The token to poll with: on a join, and when a poll draws the fan's number at the open.</param>
/// <param name="PollAfterSeconds">When to poll again, with jitter so polls spread out.</param>
/// <param name="OpensAt">When the pre-queue opens (pre-queue fans only).</param>
/// <param name="FanId">
/// On a join: the fan's pseudonymous id in this event, what Redis stores and what the fairness
/// record's rank keys are computed over, so the fan can recompute their own key.
/// </param>
public sealed record QueueAnswer(
    string Status,
    long? Position,
    long? EstimatedWaitSeconds,
    string? AdmissionToken,
    DateTimeOffset? AdmissionExpiresAt,
    int? PollAfterSeconds,
    string? QueueToken = null,
    DateTimeOffset? OpensAt = null,
    string? FanId = null);

/// <summary>Turns where a fan stands into the answer they see: one place decides statuses, tokens, ETA and poll pacing.</summary>
public sealed class QueueAnswers(QueueTokens tokens, IOptions<WaitingRoomOptions> options)
{
    public const string Waiting = "waiting";
    public const string Admitted = "admitted";
    public const string Expired = "expired";

    /// <summary>A fan waiting at <paramref name="place"/>.</summary>
    public QueueAnswer WaitingAt(RoomView room, long place)
    {
        ArgumentNullException.ThrowIfNull(room);
        var wait = room.EstimatedWaitSeconds(place);
        return new QueueAnswer(Waiting, place, wait, null, null, PollAfter(wait));
    }

    /// <summary>A fan in the pre-queue: no place until the open.</summary>
    public QueueAnswer InPreQueue(RoomView room)
    {
        ArgumentNullException.ThrowIfNull(room);
        var opensAt = room.Settings.OpensAt;
        var untilOpen = opensAt is { } at && room.State is { } state ? (long?)Math.Max(0, (long)(at - state.ReadAt).TotalSeconds) : null;
        return new QueueAnswer(Waiting, null, untilOpen, null, null, PollAfterOpen(untilOpen, room.State?.PreQueue ?? 0), OpensAt: opensAt);
    }

    public QueueAnswer AdmittedUntil(string userId, string eventId, DateTimeOffset expiresAt) =>
        new(Admitted, 0, 0, tokens.IssueAdmissionToken(userId, eventId, expiresAt), expiresAt, null);

    /// <summary>The fan has no place (abandoned, left, or the admission ended): join again to queue at the back.</summary>
    public static QueueAnswer NoPlace() => new(Expired, null, null, null, null, null);

    /// <summary>The answer for a place the engine read (a join, or a poll that needed Redis).</summary>
    public QueueAnswer For(QueuePlace place, RoomView room, string userId, string eventId) => place switch
    {
        QueuePlace.Waiting waiting => WaitingAt(room, waiting.Place),
        QueuePlace.PreQueue => InPreQueue(room),
        QueuePlace.Admitted admitted => AdmittedUntil(userId, eventId, admitted.ExpiresAt),
        _ => NoPlace(),
    };

    /// <summary>
    /// A pre-queue fan learns nothing before the open, where their number is drawn: come back just
    /// after it, late by a random 1 s up to a spread that grows with the pre-queue (its size over
    /// <see cref="WaitingRoomOptions.OpenLooksPerSecond"/>, between twice the shortest interval and
    /// the longest), so a pre-queue of tens of thousands spreads its first looks over seconds
    /// instead of one burst; or after the longest interval while the open is further off, which
    /// keeps the fan's presence fresh and a countdown page in step.
    /// </summary>
    private int PollAfterOpen(long? untilOpen, long preQueue)
    {
        var settings = options.Value;
        if (untilOpen is not { } seconds)
        {
            return PollAfter(null);
        }

        var spread = Math.Clamp((int)Math.Ceiling(preQueue / (double)settings.OpenLooksPerSecond),
            2 * settings.MinPollAfterSeconds, Math.Max(settings.MaxPollAfterSeconds, 2 * settings.MinPollAfterSeconds));
        return seconds < settings.MaxPollAfterSeconds ? (int)seconds + Random.Shared.Next(1, spread + 1) : settings.MaxPollAfterSeconds;
    }

    /// <summary>
    /// About a quarter of the expected wait, within the configured bounds, times a random factor in
    /// [0.8, 1.2): fans far back poll rarely, fans near the head often, and fans who joined together
    /// drift apart instead of polling in step. A quarter rather than a tenth: a fan then looks about
    /// four times on the way to the head, not ten, and the last looks, at the shortest interval,
    /// still find an admission within a couple of seconds. Polls were most of a 50,000-seat sale's
    /// requests (4,200 a second against 110 commits).
    /// </summary>
    private int PollAfter(long? waitSeconds)
    {
        var settings = options.Value;
        var baseline = Math.Clamp((waitSeconds ?? settings.MaxPollAfterSeconds) / 4.0, settings.MinPollAfterSeconds, settings.MaxPollAfterSeconds);
        return Math.Max(1, (int)Math.Round(baseline * (0.8 + (Random.Shared.NextDouble() * 0.4))));
    }
}
