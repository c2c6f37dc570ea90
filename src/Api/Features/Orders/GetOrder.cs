using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Problems;
using Ticketing.Persistence.Orders;
using Ticketing.Scripts.Keys;

namespace Ticketing.Api.Features.Orders;

/// <summary><c>GET /api/v1/orders/{id}</c>: an order, from PostgreSQL or, until it is written there, from Redis.</summary>
public static class GetOrder
{
    public static void Map(RouteGroupBuilder orders) => orders.MapGet("/orders/{id}", HandleAsync)
        .WithName("GetOrder")
        .WithSummary("An order with its tickets, and whether it is persisted in PostgreSQL yet")
        .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        string id, HttpContext context, IOrderQueries orders)
    {
        var stored = EntityIds.TryGetEventId(id, EntityIds.OrderPrefix, out _)
            ? await orders.GetAsync(id, context.RequestAborted).ConfigureAwait(false)
            : null;
        var owner = context.User.OwnerFilter();
        // Someone else's order answers exactly like a missing one: ids are not probed for existence.
        return stored is null || (owner is not null && stored.Order.UserId != owner)
            ? OutcomeProblems.OrderNotFound()
            : TypedResults.Ok(OrderResponse.From(stored.Order, stored.Persisted));
    }
}
