using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Ticketing.Api.Problems;

/// <summary>
/// Writes every problem as <c>application/problem+json</c>, whatever the request's <c>Accept</c>
/// header names. ASP.NET Core's own writer declines when <c>Accept</c> lists no JSON type (a
/// browser's <c>text/html</c>, say), and the status-code pages then answer in plain text that no
/// client can branch on; the contract promises a problem document for every error.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<HttpJsonOptions> json) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        var problem = context.ProblemDetails;
        problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        problem.Type ??= problem.Extensions.TryGetValue(ProblemShape.ErrorField, out var code) && code is string error ? ApiError.TypeOf(error) : null;
        return new ValueTask(response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, ContentType, context.HttpContext.RequestAborted));
    }
}
