using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Ticketing.Api.Problems;

/// <summary>
/// Refuses, as <c>415 unsupported_media_type</c>, request bodies that the JSON binder cannot read,
/// before an endpoint tries: a body sent to an Api route without any <c>Content-Type</c>, or none
/// at all to a route that takes a JSON body (routing would answer an empty 415 of its own), and
/// JSON in a charset that names no known encoding (ASP.NET Core's JSON reader throws on it, which
/// would answer 500).
/// </summary>
public static class BodyFormatGuard
{
    public static IApplicationBuilder UseBodyFormatGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var refusal = Refusal(context.Request);
        if (refusal is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        await ApiErrors.UnsupportedMediaType.Result(refusal).ExecuteAsync(context).ConfigureAwait(false);
    });

    private static string? Refusal(HttpRequest request)
    {
        if (!request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (string.IsNullOrEmpty(request.ContentType))
        {
            var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
            var takesBody = request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 };
            return (hasBody || takesBody) && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
                ? "The request has no Content-Type; send its body as application/json."
                : null;
        }

        // A request that names no charset skips the parse.
        return request.ContentType.Contains("charset", StringComparison.OrdinalIgnoreCase)
            && MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            && mediaType.MediaType.Value is { } type && (type.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            && mediaType.Charset.HasValue && !IsKnownEncoding(mediaType.Charset.Value!)
                ? "The body's charset is not one the service can read; send JSON in UTF-8."
                : null;
    }

    /// <summary>The same lookup ASP.NET Core's JSON reader makes with the charset as sent (quotes and all).</summary>
    private static bool IsKnownEncoding(string charset)
    {
        if (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            return Encoding.GetEncoding(charset) is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
