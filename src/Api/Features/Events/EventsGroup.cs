using FastEndpoints;

namespace Ticketing.Api.Features.Events;

/// <summary><c>/api/v1/events</c>: browsing and seat maps are public; creating an event is for admins.</summary>
public sealed class EventsGroup : Group
{
    public EventsGroup() => Configure("/api/v1", endpoint => endpoint.Description(route => route.WithTags("Events")));
}
