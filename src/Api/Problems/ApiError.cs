using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ticketing.Api.Problems;

/// <summary>
/// One machine-readable error of the contract: its stable <c>error</c> code, HTTP status and
/// title. Clients branch on <see cref="Code"/>, so a code never changes meaning once published.
/// </summary>
public sealed record ApiError(string Code, int Status, string Title)
{
    /// <summary>The problem type URI; docs/API.md lists every code under it.</summary>
    public string Type => TypeOf(Code);

    /// <summary>The problem type URI of an <c>error</c> code.</summary>
    public static string TypeOf(string code) => $"urn:ticketing:problem:{code}";

    /// <summary>A problem-details result carrying this error, <paramref name="detail"/> and any further named fields.</summary>
    public ProblemHttpResult Result(string detail, params (string Name, object? Value)[] fields)
    {
        var problem = new ProblemDetails { Type = Type, Title = Title, Status = Status, Detail = detail };
        problem.Extensions["error"] = Code;
        foreach (var (name, value) in fields)
        {
            problem.Extensions[name] = value;
        }

        return TypedResults.Problem(problem);
    }
}
