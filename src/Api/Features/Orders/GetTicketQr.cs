using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Ticketing.Api.Auth;
using Ticketing.Api.Problems;
using Ticketing.Api.Tickets;
using Ticketing.Persistence.Orders;
using Ticketing.Scripts.Tickets;

namespace Ticketing.Api.Features.Orders;

/// <summary>
/// <c>GET /api/v1/orders/{id}/tickets/{ticketId}/qr</c>: the ticket's QR code as a PNG, holding its signed
/// payload (the order answer's <c>qr_payload</c>). The owner's or an admin's; anyone else's ticket answers 404
/// as a missing one does.
/// </summary>
public sealed class GetTicketQr(IOrderQueries orders, TicketPayloads payloads) : EndpointWithoutRequest<Results<FileContentHttpResult, ProblemHttpResult>>
{
    /// <summary>
    /// A ticket's code never changes while its signing key stays current, so the browser keeps it a day;
    /// private, because it admits its holder: no shared cache may keep it.
    /// </summary>
    public const string CacheControl = "private, max-age=86400";

    public override void Configure()
    {
        Get("/orders/{id}/tickets/{ticketId}/qr");
        Group<OrdersGroup>();
        Description(route => route
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary => summary.Summary = "A ticket's QR code (PNG) holding its signed payload");
    }

    public override async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var stored = await orders.GetAsync(Route<string>("id")!, ct).ConfigureAwait(false);
        var owner = User.OwnerFilter();
        var ticketId = Route<string>("ticketId");
        var ticket = stored is null || (owner is not null && stored.Order.UserId != owner)
            ? null
            : stored.Order.Tickets.FirstOrDefault(candidate => candidate.TicketId == ticketId);
        if (ticket is null)
        {
            return ApiErrors.NotFound.Result("No ticket of yours has this id in this order.");
        }

        var order = stored!.Order;
        HttpContext.Response.Headers[HeaderNames.CacheControl] = CacheControl;
        return TypedResults.File(TicketQrCodes.Png(payloads.Sign(new TicketRef(order.EventId, ticket.TicketId, order.OrderId, ticket.SeatId))), "image/png");
    }
}
