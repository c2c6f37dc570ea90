using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Features.Events;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Features.WaitingRoom;

public sealed record QueueFairnessRequest
{
    /// <summary>The queue number of the first rank key to list.</summary>
    [QueryParam]
    public long From { get; init; } = 1;

    /// <summary>How many rank keys to list, at most <see cref="GetQueueFairness.MaxRankKeys"/>.</summary>
    [QueryParam]
    public int Limit { get; init; } = 1000;
}

/// <summary>What anyone needs to check the pre-queue's order: see <see cref="FairShuffle"/> and <see cref="Recipe"/>.</summary>
/// <param name="SeedCommitment">SHA-256 of the seed (hex), published while the pre-queue is open.</param>
/// <param name="MembershipCommitment">SHA-256 over the pre-queue's members at its close (hex); null before the open.</param>
/// <param name="Seed">The seed (hex), revealed at the open; null before.</param>
/// <param name="Members">How many fans the pre-queue ordered.</param>
/// <param name="FirstQueueNumber">The queue number of the first rank key listed.</param>
/// <param name="Recipe">How to recompute the commitments and the order.</param>
/// <param name="RankKeys">Rank keys (hex) of queue numbers <paramref name="FirstQueueNumber"/> onwards, ascending; they reveal no user.</param>
public sealed record QueueFairnessResponse(
    string? SeedCommitment,
    string? MembershipCommitment,
    string? Seed,
    long Members,
    long FirstQueueNumber,
    IReadOnlyList<string> RankKeys,
    string Recipe);

/// <summary>
/// <c>GET /api/v1/events/{eventId}/queue/fairness</c> (public): the seed's commitment (published
/// while the pre-queue is open), the membership commitment and the seed (from the open), and the
/// ordered rank keys, a page at a time. A fan recomputes their key from the seed and their
/// pseudonymous id and finds their number; anyone checks the seed and that the keys are sorted.
/// </summary>
public sealed class GetQueueFairness(IWaitingRoom room) : Endpoint<QueueFairnessRequest, Results<Ok<QueueFairnessResponse>, ProblemHttpResult>>
{
    public const int MaxRankKeys = 10_000;

    public override void Configure()
    {
        Get("/events/{eventId}/queue/fairness");
        Group<WaitingRoomGroup>();
        AllowAnonymous();
        Description(route => route
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary =>
        {
            summary.Summary = "The pre-queue's seed commitment, membership commitment, revealed seed and ordered rank keys";
            summary.Description = "Page the rank keys with from (a queue number) and limit; the recipe says how to recompute everything.";
        });
    }

    public override async Task<Results<Ok<QueueFairnessResponse>, ProblemHttpResult>> ExecuteAsync(QueueFairnessRequest req, CancellationToken ct)
    {
        var id = EventReader.Canonical(Route<string>("eventId")!);
        if (id is null || await room.GetFairnessAsync(id, req.From, req.Limit, ct).ConfigureAwait(false) is not { } record)
        {
            return WaitingRoomErrors.NoWaitingRoom.Result("This event has no waiting room.");
        }

        // The seed is public from the open on: a copy cached until then could only lack it.
        HttpContext.Response.Headers.CacheControl = record.Seed is null ? "public, max-age=1" : "public, max-age=60";
        return TypedResults.Ok(new QueueFairnessResponse(
            record.SeedCommitment, record.MembershipCommitment, record.Seed, record.Members, record.FirstQueueNumber, record.RankKeys, record.Recipe));
    }
}

public sealed class QueueFairnessValidator : Validator<QueueFairnessRequest>
{
    public QueueFairnessValidator()
    {
        RuleFor(r => r.From).GreaterThanOrEqualTo(1).WithMessage("1 or more");
        RuleFor(r => r.Limit).InclusiveBetween(0, GetQueueFairness.MaxRankKeys).WithMessage($"0 to {GetQueueFairness.MaxRankKeys}");
    }
}
