using Microsoft.AspNetCore.Http.HttpResults;

namespace Ticketing.Api.Problems;

/// <summary>
/// Collects field errors of one request body, so that a client learns everything wrong with it in
/// one answer instead of one field per round trip.
/// </summary>
public sealed class RequestValidation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    /// <summary>Records <paramref name="message"/> against <paramref name="field"/> unless <paramref name="condition"/> holds.</summary>
    public RequestValidation Check(bool condition, string field, string message)
    {
        if (!condition)
        {
            if (!_errors.TryGetValue(field, out var messages))
            {
                _errors[field] = messages = [];
            }

            messages.Add(message);
        }

        return this;
    }

    /// <summary>The problem answering the collected errors, as <c>errors: { field: [message] }</c>.</summary>
    public ProblemHttpResult Problem(ApiError error) => error.Result(
        $"{_errors.Count} field(s) are not valid.",
        ("errors", _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal)));
}
