using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Problems;

namespace Ticketing.Api.Features.Events;

/// <summary>How the seat-map and status routes answer a cached view: its version is the ETag, and a matching <c>If-None-Match</c> gets 304.</summary>
internal static class VersionedBody
{
    public static Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> Answer(HttpContext context, CachedSeatView? view)
    {
        if (view is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        context.Response.Headers.ETag = view.ETag;
        // Revalidate every time: the body changes with every seat change, and a 304 costs one HGET.
        context.Response.Headers.CacheControl = "no-cache";
        return context.Request.Headers.IfNoneMatch == view.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(view.Json, "application/json");
    }
}
