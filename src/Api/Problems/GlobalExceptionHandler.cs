using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using StackExchange.Redis;
using Ticketing.Scripts.Connections;

namespace Ticketing.Api.Problems;

/// <summary>
/// Last line of defence: whatever escapes a handler becomes a problem document. Bad input keeps
/// its 4xx; a backing store that is down answers 503; anything else is a generic 500 whose detail
/// goes to the log only, never to the client.
/// </summary>
public sealed class GlobalExceptionHandler(IProblemDetailsService problems, ILogger<GlobalExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (error, detail) = Classify(exception);
        if (error == ApiErrors.ServiceUnavailable)
        {
            // A store that is down or changing roles is a condition to operate, not a fault in the
            // code: one line naming it, without a stack trace, so that a failover's hundreds of
            // refusals do not bury a real fault in traces.
            logger.LogWarning("Backing store unavailable on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path,
                Reason(exception));
        }
        else if (error.Status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled failure on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = error.Status;
        var problem = new ProblemDetails { Type = error.Type, Title = error.Title, Status = error.Status, Detail = detail };
        problem.Extensions["error"] = error.Code;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        }).ConfigureAwait(false);
    }

    private static (ApiError Error, string Detail) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (ApiErrors.PayloadTooLarge, "The request body is over the size limit."),
        BadHttpRequestException { InnerException: JsonException json } =>
            (ApiErrors.InvalidRequest, DescribeJsonError(json)),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
            (ApiErrors.UnsupportedMediaType, "Send the body as application/json."),
        BadHttpRequestException bad when bad.StatusCode < StatusCodes.Status500InternalServerError =>
            (new ApiError(ApiErrors.CodeForStatus(bad.StatusCode), bad.StatusCode, ApiErrors.InvalidRequest.Title), SafeMessage(bad)),
        RedisConnectionException or RedisTimeoutException or NpgsqlException { IsTransient: true } or TimeoutException =>
            (ApiErrors.ServiceUnavailable, "A backing store did not answer; try again shortly."),
        _ when RedisRoleRefusal.IsIn(exception) =>
            (ApiErrors.ServiceUnavailable, "Redis is changing primaries; try again shortly."),
        _ => (ApiErrors.InternalError, "The failure was logged."),
    };

    /// <summary>
    /// What the store said: its own exception in the chain (a wrapper only names the script that
    /// met it), then the innermost cause when there is one under it. A connection reset mid-call
    /// is a SocketException under a RedisConnectionException: the line names both.
    /// </summary>
    private static string Reason(Exception exception)
    {
        var store = exception;
        for (Exception? link = exception; link is not null; link = link.InnerException)
        {
            if (link is RedisException or NpgsqlException or TimeoutException)
            {
                store = link;
                break;
            }
        }

        var cause = store;
        while (cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        var reason = $"{store.GetType().Name}: {store.Message}";
        return cause == store ? reason : $"{reason} ({cause.GetType().Name}: {cause.Message})";
    }

    /// <summary>Where the JSON went wrong, without echoing the body or naming internal types.</summary>
    private static string DescribeJsonError(JsonException json)
    {
        var where = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "" : $" at {json.Path}";
        return json.Message.Contains("missing required properties", StringComparison.Ordinal)
            ? $"The body lacks a required field{where}: {MissingFields(json.Message)}."
            : $"The body is not valid JSON for this request{where}.";
    }

    private static string MissingFields(string message)
    {
        var start = message.IndexOf("including:", StringComparison.Ordinal);
        return start < 0 ? "see the API documentation" : message[(start + "including:".Length)..].Trim().TrimEnd('.');
    }

    /// <summary>ASP.NET Core's binding messages name the parameter, not the body: safe to pass on.</summary>
    private static string SafeMessage(BadHttpRequestException exception) =>
        exception.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal)
        || exception.Message.StartsWith("Required parameter", StringComparison.Ordinal)
        || exception.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
            ? exception.Message
            : "The request could not be read.";
}
