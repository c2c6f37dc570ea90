using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Ticketing.Api.Tests.Support;

/// <summary>What a client saw: status, headers and the JSON body (undefined when there was none).</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonElement Body, HttpResponseHeaders Headers, string? ContentType)
{
    /// <summary>The problem's <c>error</c> code, or null when the body is not a problem.</summary>
    public string? Error => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("error", out var error) ? error.GetString() : null;

    public string String(string property) => Body.GetProperty(property).GetString()!;

    public IReadOnlyList<string> Strings(string property) =>
        [.. Body.GetProperty(property).EnumerateArray().Select(item => item.GetString()!)];

    /// <summary>Asserts a problem-details answer with the status and code of the contract.</summary>
    public ApiResponse AssertProblem(HttpStatusCode status, string error)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/problem+json", ContentType);
        Assert.Equal(error, Error);
        Assert.Equal((int)status, Body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(Body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(Body.GetProperty("type").GetString()));
        Assert.DoesNotContain("   at ", Body.GetRawText(), StringComparison.Ordinal);
        return this;
    }
}
