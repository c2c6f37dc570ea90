using Ticketing.Api.Observability;

namespace Ticketing.Api.Features.Events;

/// <summary>
/// <c>/api/v1/events</c>: browsing and seat maps are public; creating an event is for admins.
/// </summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        var events = endpoints.MapGroup("/api/v1/events")
            .WithTags("Events")
            .AddEndpointFilter<OutcomeFilter>();

        CreateEvent.Map(events);
        ListEvents.Map(events);
        GetEvent.Map(events);
        GetSeatMap.Map(events);
        return endpoints;
    }
}
