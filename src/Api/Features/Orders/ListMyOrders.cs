using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Persistence.Orders;

namespace Ticketing.Api.Features.Orders;

/// <summary><c>GET /api/v1/me/orders</c>: the caller's orders, newest first.</summary>
public static class ListMyOrders
{
    public sealed record Response(IReadOnlyList<OrderResponse> Data);

    public static void Map(RouteGroupBuilder orders) => orders.MapGet("/me/orders", HandleAsync)
        .WithName("ListMyOrders")
        .WithSummary("The caller's orders, newest first");

    public static async Task<Ok<Response>> HandleAsync(HttpContext context, IOrderQueries orders)
    {
        var mine = await orders.ListForUserAsync(context.User.UserId(), context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new Response([.. mine.OrderByDescending(order => order.Order.ConfirmedAt)
            .Select(order => OrderResponse.From(order.Order, order.Persisted))]));
    }
}
