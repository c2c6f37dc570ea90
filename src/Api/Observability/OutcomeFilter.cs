using Microsoft.AspNetCore.Http.HttpResults;

namespace Ticketing.Api.Observability;

/// <summary>
/// Reads the outcome off every result a handler returns (its problem's <c>error</c> code, or the
/// success status) and records it for metrics and the request log. Handlers stay free of both.
/// </summary>
public sealed class OutcomeFilter(ApiMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context).ConfigureAwait(false);
        var outcome = Describe(result is INestedHttpResult nested ? nested.Result : result as IResult);
        var operation = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "unnamed";
        metrics.Outcome(operation, outcome);
        context.HttpContext.Features.Get<RequestLog>()?.Outcome = outcome;
        return result;
    }

    private static string Describe(IResult? result) => result switch
    {
        ProblemHttpResult problem when problem.ProblemDetails.Extensions.TryGetValue("error", out var code) && code is string text => text,
        IStatusCodeHttpResult { StatusCode: StatusCodes.Status201Created } => "created",
        IStatusCodeHttpResult { StatusCode: StatusCodes.Status204NoContent } => "no_content",
        IStatusCodeHttpResult { StatusCode: { } status } when status >= 400 => "http_" + status,
        _ => "ok",
    };
}
