using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Problems;
using Ticketing.Persistence.WaitingRooms;
using Ticketing.Reconciler.WaitingRoom;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Features.WaitingRoom;

public sealed record ConfigureWaitingRoomRequest(
    bool? Enabled = null,
    int? AdmitPerSecond = null,
    int? AdmissionTtlSeconds = null,
    int? MaxActive = null,
    DateTimeOffset? OpensAt = null,
    int? AbandonAfterSeconds = null,
    int? TargetP99Ms = null,
    bool? Paused = null);

/// <summary>The room's settings as stored, with what the room published when it was made.</summary>
/// <param name="EventId">The event.</param>
/// <param name="Enabled">Whether the room stands in front of the sale.</param>
/// <param name="AdmitPerSecond">The most fans admitted in any 1 s window.</param>
/// <param name="AdmissionTtlSeconds">How long an admission lasts.</param>
/// <param name="MaxActive">The most admitted fans in the sale at once.</param>
/// <param name="OpensAt">When the pre-queue opens; null for FIFO from the start.</param>
/// <param name="AbandonAfterSeconds">A waiter who stops polling this long loses the place.</param>
/// <param name="TargetP99Ms">The hold and commit p99 the admission rate keeps the sale under.</param>
/// <param name="Paused">No admissions while paused.</param>
/// <param name="Phase"><c>prequeue</c>, <c>closed</c> or <c>open</c>.</param>
/// <param name="SeedCommitment">SHA-256 of the pre-queue's secret seed (hex); null without a pre-queue.</param>
public sealed record WaitingRoomResponse(
    Guid EventId,
    bool Enabled,
    int AdmitPerSecond,
    int AdmissionTtlSeconds,
    int MaxActive,
    DateTimeOffset? OpensAt,
    int AbandonAfterSeconds,
    int TargetP99Ms,
    bool Paused,
    string Phase,
    string? SeedCommitment);

/// <summary>
/// <c>PUT /api/v1/events/{eventId}/waiting-room</c> (admin): turns the room on or off and sets its
/// caps, pre-queue open, abandon time, latency target and pause. The settings are kept in
/// PostgreSQL (a rebuilt Redis is configured from them again) and applied to the room in Redis.
/// </summary>
public sealed class ConfigureWaitingRoom(IWaitingRoom room, WaitingRoomStore store, RoomBoard board, EventReader events)
    : Endpoint<ConfigureWaitingRoomRequest, Results<Ok<WaitingRoomResponse>, ProblemHttpResult>>
{
    public const int DefaultMaxActive = 1000;
    public const int DefaultAdmissionTtlSeconds = 600;
    public const int DefaultTargetP99Ms = 250;

    public override void Configure()
    {
        Put("/events/{eventId}/waiting-room");
        Group<WaitingRoomGroup>();
        Policies(ApiClaims.AdminPolicy);
        Description(route => route
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary =>
        {
            summary.Summary = "Turn an event's waiting room on or off and set its caps, pre-queue open and latency target";
            summary.Description = "opens_at is fixed by the first configuration that turns a pre-queue on; without one, a scheduled event's opens_at is used. "
                + "paused stops admissions, not joins.";
        });
    }

    public override async Task<Results<Ok<WaitingRoomResponse>, ProblemHttpResult>> ExecuteAsync(ConfigureWaitingRoomRequest req, CancellationToken ct)
    {
        var id = EventReader.Canonical(Route<string>("eventId")!);
        var record = id is null ? null : await events.GetAsync(id, ct).ConfigureAwait(false);
        if (record is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        var settings = new WaitingRoomRecord(
            record.Id,
            req.Enabled!.Value,
            req.AdmitPerSecond!.Value,
            req.AdmissionTtlSeconds ?? DefaultAdmissionTtlSeconds,
            req.MaxActive ?? DefaultMaxActive,
            // A scheduled sale's opening is the room's too: fans who come early wait in the pre-queue
            // until the sale opens, without the time being configured twice.
            req.OpensAt ?? (record.Status == Persistence.Events.EventStatuses.Scheduled ? record.OpensAt : null),
            req.AbandonAfterSeconds ?? (int)WaitingRoomSettings.DefaultAbandonAfter.TotalSeconds,
            req.TargetP99Ms ?? DefaultTargetP99Ms,
            req.Paused ?? false);

        var configured = await room.ConfigureAsync(record.Id.ToString("D"), settings.ToEngine(), ct).ConfigureAwait(false);
        await store.SaveAsync(settings, ct).ConfigureAwait(false);
        board.Put(settings);
        return TypedResults.Ok(new WaitingRoomResponse(
            settings.EventId, settings.Enabled, settings.AdmitPerSecond, settings.AdmissionTtlSeconds, settings.MaxActive, settings.OpensAt,
            settings.AbandonAfterSeconds, settings.TargetP99Ms, settings.Paused, RoomPhases.Name(configured.Phase), configured.SeedCommitment));
    }
}

public sealed class ConfigureWaitingRoomValidator : Validator<ConfigureWaitingRoomRequest>
{
    private const int Day = 24 * 3600;

    public ConfigureWaitingRoomValidator()
    {
        RuleFor(r => r.Enabled).NotNull().WithMessage("required");
        RuleFor(r => r.AdmitPerSecond).NotNull().WithMessage("required").InclusiveBetween(1, 100_000).WithMessage("1 to 100000");
        RuleFor(r => r.AdmissionTtlSeconds).InclusiveBetween(10, Day).WithMessage("10 to 86400").When(r => r.AdmissionTtlSeconds is not null);
        RuleFor(r => r.MaxActive).InclusiveBetween(1, 10_000_000).WithMessage("1 to 10000000").When(r => r.MaxActive is not null);
        RuleFor(r => r.AbandonAfterSeconds).InclusiveBetween(10, Day).WithMessage("10 to 86400").When(r => r.AbandonAfterSeconds is not null);
        RuleFor(r => r.TargetP99Ms).InclusiveBetween(1, 60_000).WithMessage("1 to 60000").When(r => r.TargetP99Ms is not null);
    }
}

/// <summary>The room's phases as the contract spells them.</summary>
public static class RoomPhases
{
    public static string Name(RoomPhase phase) => phase switch
    {
        RoomPhase.PreQueue => "prequeue",
        RoomPhase.Closed => "closed",
        _ => "open",
    };
}
