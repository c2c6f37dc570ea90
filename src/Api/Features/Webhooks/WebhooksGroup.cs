using FastEndpoints;

namespace Ticketing.Api.Features.Webhooks;

/// <summary>Notifications from third parties: no bearer token, each route authenticates its caller by signature.</summary>
public sealed class WebhooksGroup : Group
{
    public WebhooksGroup() => Configure("/api/v1", endpoint =>
    {
        endpoint.AllowAnonymous();
        endpoint.Description(route => route.WithTags("Webhooks"));
    });
}
