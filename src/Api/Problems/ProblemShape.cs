using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Ticketing.Api.Observability;

namespace Ticketing.Api.Problems;

/// <summary>
/// Completes every problem document the same way, wherever it was written (a handler, the auth
/// handler, the rate limiter, the validator, the exception handler): an <c>error</c> code and the
/// <c>trace_id</c> that finds the request's log line and trace.
/// </summary>
public static class ProblemShape
{
    public const string ErrorField = "error";
    public const string TraceIdField = "trace_id";

    public static void Complete(ProblemDetails problem, HttpContext context)
    {
        var status = problem.Status ?? context.Response.StatusCode;
        problem.Extensions.TryAdd(ErrorField, ApiErrors.CodeForStatus(status));
        // ASP.NET Core's writer adds a camel-case traceId; the contract's fields are snake_case.
        problem.Extensions.Remove("traceId");
        problem.Extensions[TraceIdField] = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        RequestOutcome.SetIfUnknown(context, problem.Extensions[ErrorField] as string);
    }
}
