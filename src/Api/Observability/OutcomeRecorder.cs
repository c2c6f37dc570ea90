using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Problems;

namespace Ticketing.Api.Observability;

/// <summary>
/// Runs after every endpoint: reads the outcome off the result the handler returned (its
/// problem's <c>error</c> code, or the success status) and counts it per operation, and keeps it
/// for the request's log line. Handlers stay free of both. The metrics are the request's own host's:
/// FastEndpoints may build a processor once per process, so with several hosts in one process (the
/// tests) a constructor-injected instance would count every host's requests in the first host's meter.
/// </summary>
public sealed class OutcomeRecorder : IGlobalPostProcessor
{
    public Task PostProcessAsync(IPostProcessorContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var outcome = context.HasValidationFailures
            ? ApiErrors.InvalidRequest.Code
            : Describe(context.Response is INestedHttpResult nested ? nested.Result : context.Response as IResult, http.Response.StatusCode);
        var operation = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "unnamed";
        http.Resolve<ApiMetrics>().Outcome(operation, outcome);
        RequestOutcome.SetIfUnknown(http, outcome);
        return Task.CompletedTask;
    }

    private static string Describe(IResult? result, int status) => result switch
    {
        ProblemHttpResult problem when problem.ProblemDetails.Extensions.TryGetValue(ProblemShape.ErrorField, out var code) && code is string text => text,
        IStatusCodeHttpResult { StatusCode: { } code } => Describe(code),
        _ => Describe(status),
    };

    private static string Describe(int status) => status switch
    {
        StatusCodes.Status201Created => "created",
        StatusCodes.Status204NoContent => "no_content",
        StatusCodes.Status304NotModified => "not_modified",
        >= 400 => "http_" + status,
        _ => "ok",
    };
}
