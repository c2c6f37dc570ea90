using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Orders;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>
/// Ends the buyer's admission when a commit confirms their order, so the place under
/// <c>max_active</c> goes to the next fan at once rather than when the admission expires. A
/// released or expired hold leaves the admission running (the fan may pick other seats); it
/// ends at its expiry, which the admission tick sweeps.
/// </summary>
public sealed class AdmissionRelease : IGlobalPostProcessor
{
    public async Task PostProcessAsync(IPostProcessorContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = context.Response is INestedHttpResult nested ? nested.Result : context.Response;
        if (result is not Ok<OrderResponse> { Value: { } order })
        {
            return;
        }

        var http = context.HttpContext;
        var eventId = order.EventId.ToString("D");
        if (http.Resolve<RoomBoard>().Find(eventId) is null)
        {
            return;
        }

        var fanId = http.Resolve<QueueTokens>().FanId(eventId, http.User.UserId());
        await http.Resolve<IWaitingRoom>().EndAdmissionAsync(eventId, fanId, ct).ConfigureAwait(false);
    }
}
