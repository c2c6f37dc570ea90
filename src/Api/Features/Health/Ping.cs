namespace Ticketing.Api.Features.Health;

/// <summary>
/// <c>GET /api/v1/ping</c>: the cheapest route through the full pipeline (rate limiter, logging,
/// JSON), touching no store. Benchmarks measure the hold route against it.
/// </summary>
public static class Ping
{
    public sealed record Response(bool Pong);

    private static readonly Response Pong = new(true);

    public static IEndpointRouteBuilder MapPing(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/ping", () => TypedResults.Ok(Pong))
            .WithName("Ping")
            .WithTags("Operations")
            .WithSummary("A trivial answer for latency baselines; touches no store");
        return endpoints;
    }
}
