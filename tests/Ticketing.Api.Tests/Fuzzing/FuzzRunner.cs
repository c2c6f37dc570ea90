using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ticketing.Api.Tests.Fuzzing;

/// <summary>What the Api answered to one generated request.</summary>
public sealed record FuzzAnswer(FuzzRequest Request, int Status, string? ContentType, string Body, string Headers);

/// <summary>
/// Sends generated requests over real HTTP, several at a time, and checks every answer against
/// the contract: no 5xx, no stack trace or exception name anywhere, every error a documented
/// problem, and no request that must be refused accepted.
/// </summary>
public static partial class FuzzRunner
{
    public static async Task<IReadOnlyList<FuzzAnswer>> SendAllAsync(Uri baseAddress, IReadOnlyList<FuzzRequest> requests, int parallelism)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = parallelism,
            // Large bodies wait for the server's go-ahead however slow the machine: a route that
            // answers without reading the body then never sees it, instead of a broken pipe.
            Expect100ContinueTimeout = TimeSpan.FromSeconds(30),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var answers = new ConcurrentBag<FuzzAnswer>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (request, cancellation) =>
            answers.Add(await SendAsync(client, request, cancellation)));
        return [.. answers];
    }

    private static async Task<FuzzAnswer> SendAsync(HttpClient client, FuzzRequest request, CancellationToken cancellation)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Path, UriKind.Relative));
        // A connection of its own: a request the server refuses by closing its connection must not fail the next one sent on it.
        message.Headers.ConnectionClose = true;
        message.Headers.ExpectContinue = request.Body is { Length: > 64 * 1024 };
        if (request.Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellation);
            var contentType = response.Content.Headers.ContentType?.MediaType;
            // A live feed that opened never ends by itself: its headers are the answer.
            var body = contentType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync(cancellation);
            var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(header => $"{header.Key}: {string.Join(", ", header.Value)}"));
            return new FuzzAnswer(request, (int)response.StatusCode, contentType, body, headers);
        }
        catch (HttpRequestException exception)
        {
            // Kestrel may close a connection instead of answering (an unreadable request line):
            // no status, and nothing for the Api's own code to have done wrong unless the check below says so.
            return new FuzzAnswer(request, 0, null, string.Join(" / ", Causes(exception)), "");
        }
    }

    private static IEnumerable<string> Causes(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception.Message;
        }
    }

    /// <summary>What is wrong with one answer, or nothing.</summary>
    public static IEnumerable<string> Violations(FuzzAnswer answer, IReadOnlySet<(int Status, string Code)> documented)
    {
        if (answer.Status == 0 && answer.Request.Body?.Length > ApiHost.MaxRequestBodyBytes)
        {
            // An oversized body to a route that never reads it: Kestrel closes the connection
            // rather than drain it, and the client may still be sending when it does.
            yield break;
        }

        if (answer.Status == 0)
        {
            yield return $"no answer ({answer.Body})";
            yield break;
        }

        if (IsKestrelRefusal(answer))
        {
            yield break;
        }

        if (answer.Status >= 500)
        {
            yield return $"answered {answer.Status}";
        }

        if (Leak().Match(answer.Body + "\n" + answer.Headers) is { Success: true } leak)
        {
            yield return $"leaks \"{leak.Value}\"";
        }

        var success = answer.Status is >= 200 and < 300;
        if (success && answer.Request.Breaker != Breaker.None && answer.Request.Method != "GET")
        {
            yield return $"accepted with {answer.Status}";
        }

        if (success)
        {
            yield break;
        }

        if (answer.ContentType != "application/problem+json")
        {
            yield return $"answered {answer.Status} as {answer.ContentType ?? "no content type"}, not a problem";
            yield break;
        }

        if (Parse(answer.Body) is not { ValueKind: JsonValueKind.Object } problem)
        {
            yield return $"answered {answer.Status} with a problem body that is not a JSON object";
            yield break;
        }

        var code = problem.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
            ? error.GetString()!
            : null;
        if (code is null || !documented.Contains((answer.Status, code)))
        {
            yield return $"answered {answer.Status} {code ?? "without an error code"}, which docs/API.md does not list";
        }

        if (!problem.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number || status.GetInt32() != answer.Status)
        {
            yield return $"answered {answer.Status} with a problem whose status says otherwise";
        }
    }

    /// <summary>
    /// Kestrel refuses a request target with an encoded NUL before any middleware runs: an empty
    /// 400 that closes the connection. No code of the Api sees such a request, nor could it answer.
    /// </summary>
    private static bool IsKestrelRefusal(FuzzAnswer answer) =>
        answer.Status == 400 && answer.Body.Length == 0 && answer.ContentType is null
        && answer.Request.Path.Contains("%00", StringComparison.OrdinalIgnoreCase)
        && answer.Headers.Contains("Connection: close", StringComparison.OrdinalIgnoreCase);

    private static JsonElement? Parse(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A stack frame, or the name of an exception type.</summary>
    [GeneratedRegex(@"   at |\b\w*Exception\b|\bSystem\.[A-Z]\w+\.|\bMicrosoft\.[A-Z]\w+\.")]
    private static partial Regex Leak();
}
