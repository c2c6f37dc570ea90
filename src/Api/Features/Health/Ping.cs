using FastEndpoints;

namespace Ticketing.Api.Features.Health;

public sealed record PingResponse(bool Pong);

/// <summary>
/// <c>GET /api/v1/ping</c>: the cheapest route through the full pipeline (rate limiter, logging,
/// JSON), touching no store. Benchmarks measure the hold route against it.
/// </summary>
public sealed class Ping : EndpointWithoutRequest<PingResponse>
{
    private static readonly PingResponse Pong = new(true);

    public override void Configure()
    {
        Get("/api/v1/ping");
        AllowAnonymous();
        Description(route => route.WithTags("Operations"));
        Summary(summary => summary.Summary = "A trivial answer for latency baselines; touches no store");
    }

    public override Task<PingResponse> ExecuteAsync(CancellationToken ct) => Task.FromResult(Pong);
}
