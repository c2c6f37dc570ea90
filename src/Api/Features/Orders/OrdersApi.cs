using Ticketing.Api.Observability;

namespace Ticketing.Api.Features.Orders;

/// <summary>Confirmed orders, for signed-in users: their own only (admins: anyone's).</summary>
public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/api/v1")
            .WithTags("Orders")
            .RequireAuthorization()
            .AddEndpointFilter<OutcomeFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        GetOrder.Map(orders);
        ListMyOrders.Map(orders);
        return endpoints;
    }
}
