using System.Net;

namespace Ticketing.Load.Api;

/// <summary>What one HTTP call answered: the status, the typed body on success, the problem otherwise.</summary>
public sealed record ApiResult<T>(HttpStatusCode? Status, T? Body, ProblemBody? Problem, string Outcome)
    where T : class
{
    public bool Is(HttpStatusCode status) => Status == status;

    public string? Error => Problem?.Error;

    /// <summary>The label outcomes are counted under: the status and, for problems, the error code.</summary>
    public static string Label(HttpStatusCode? status, ProblemBody? problem, string? transportError) =>
        status is null ? $"transport: {transportError}"
        : problem?.Error is { } error ? $"{(int)status} {error}"
        : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
