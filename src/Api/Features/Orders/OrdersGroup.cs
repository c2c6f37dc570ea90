using FastEndpoints;

namespace Ticketing.Api.Features.Orders;

/// <summary>Confirmed orders, for signed-in users: their own only (admins: anyone's).</summary>
public sealed class OrdersGroup : Group
{
    public OrdersGroup() => Configure("/api/v1", endpoint => endpoint.Description(route => route
        .WithTags("Orders")
        .ProducesProblem(StatusCodes.Status401Unauthorized)));
}
