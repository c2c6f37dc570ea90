using FastEndpoints;
using Ticketing.Api.Auth;
using Ticketing.Persistence.Orders;

namespace Ticketing.Api.Features.Orders;

public sealed record ListMyOrdersResponse(IReadOnlyList<OrderResponse> Data);

/// <summary><c>GET /api/v1/me/orders</c>: the caller's orders, newest first.</summary>
public sealed class ListMyOrders(IOrderQueries orders, OrderAnswers answers) : EndpointWithoutRequest<ListMyOrdersResponse>
{
    public override void Configure()
    {
        Get("/me/orders");
        Group<OrdersGroup>();
        Summary(summary => summary.Summary = "The caller's orders, newest first");
    }

    public override async Task<ListMyOrdersResponse> ExecuteAsync(CancellationToken ct)
    {
        var mine = await orders.ListForUserAsync(User.UserId(), ct).ConfigureAwait(false);
        return new ListMyOrdersResponse(await answers.ManyAsync(mine.OrderByDescending(order => order.Order.ConfirmedAt), ct).ConfigureAwait(false));
    }
}
