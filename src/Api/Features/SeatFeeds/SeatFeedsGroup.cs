using FastEndpoints;

namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>
/// Live seat feeds. Public like the seat map they follow; a bearer token, when sent, counts the
/// connection against its user's limit. The two routes share no prefix (SSE lives under
/// <c>/api/v1</c>, the WebSocket under <c>/ws</c>), so each names its whole route.
/// </summary>
public sealed class SeatFeedsGroup : Group
{
    public SeatFeedsGroup() => Configure("", endpoint =>
    {
        endpoint.AllowAnonymous();
        endpoint.Description(route => route
            .WithTags("Seat feeds")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound));
    });
}
