using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Problems;
using Ticketing.Persistence.Orders;
using Ticketing.Scripts.Keys;

namespace Ticketing.Api.Features.Orders;

/// <summary><c>GET /api/v1/orders/{id}</c>: an order, from PostgreSQL or, until it is written there, from Redis.</summary>
public sealed class GetOrder(IOrderQueries orders, OrderAnswers answers) : EndpointWithoutRequest<Results<Ok<OrderResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/orders/{id}");
        Group<OrdersGroup>();
        Description(route => route.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary => summary.Summary = "An order with its tickets, and whether it is persisted in PostgreSQL yet");
    }

    public override async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<string>("id")!;
        var stored = EntityIds.TryGetEventId(id, EntityIds.OrderPrefix, out _)
            ? await orders.GetAsync(id, ct).ConfigureAwait(false)
            : null;
        var owner = User.OwnerFilter();
        // Someone else's order answers exactly like a missing one: ids are not probed for existence.
        return stored is null || (owner is not null && stored.Order.UserId != owner)
            ? OutcomeProblems.OrderNotFound()
            : TypedResults.Ok(await answers.OneAsync(stored, ct).ConfigureAwait(false));
    }
}
