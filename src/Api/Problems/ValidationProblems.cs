using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc;

namespace Ticketing.Api.Problems;

/// <summary>
/// Turns FastEndpoints' validation failures (validators, binding, unreadable JSON) into the
/// contract's problem: every field at fault in one answer, as <c>errors: { field: [message] }</c>
/// with snake_case paths such as <c>sections[0].rows[1].seats</c>.
/// </summary>
public static partial class ValidationProblems
{
    /// <summary>The field named for a body that could not be read at all.</summary>
    public const string BodyField = "body";

    /// <summary>The field named for rules about the request as a whole.</summary>
    public const string RequestField = "request";

    /// <summary>
    /// A failure carries an <see cref="ApiError"/> code in <see cref="ValidationFailure.ErrorCode"/>
    /// when it is not a plain field error (a layout rule answers <c>invalid_layout</c>). Plain field
    /// errors come first: while any remains, only they are answered, as <c>invalid_request</c>.
    /// </summary>
    public static ProblemDetails Build(List<ValidationFailure> failures, HttpContext context, int status)
    {
        var coded = failures.Where(failure => failure.ErrorCode is { } code && ApiErrors.ValidationErrors.ContainsKey(code)).ToList();
        var plain = failures.Except(coded).ToList();
        var (error, shown) = plain.Count > 0 || coded.Count == 0
            ? (ApiErrors.InvalidRequest, plain)
            : (ApiErrors.ValidationErrors[coded[0].ErrorCode!], coded);

        var fields = shown
            .GroupBy(failure => FieldPath(failure.PropertyName), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(failure => failure.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var problem = new ProblemDetails
        {
            Type = error.Type,
            Title = error.Title,
            Status = error.Status == status || status == StatusCodes.Status400BadRequest ? error.Status : status,
        };
        problem.Detail = $"{fields.Count} field(s) are not valid.";
        problem.Extensions[ProblemShape.ErrorField] = error.Code;
        problem.Extensions["errors"] = fields;
        ProblemShape.Complete(problem, context);
        return problem;
    }

    /// <summary>Where the JSON went wrong, without echoing the body or naming internal types.</summary>
    public static ValidationFailure DescribeJsonError(JsonException json)
    {
        var where = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "" : $" at {json.Path}";
        var message = json.Message.Contains("missing required properties", StringComparison.Ordinal)
            ? $"The body lacks a required field{where}: {MissingFields(json.Message)}."
            : $"The body is not valid JSON for this request{where}.";
        return new ValidationFailure(BodyField, message);
    }

    /// <summary><c>Sections[0].Rows[1].Seats</c> → <c>sections[0].rows[1].seats</c>; names already in snake_case stay as they are.</summary>
    public static string FieldPath(string propertyName) => string.IsNullOrEmpty(propertyName)
        ? RequestField
        : PathSegment().Replace(propertyName, match => JsonNamingPolicy.SnakeCaseLower.ConvertName(match.Value));

    private static string MissingFields(string message)
    {
        var start = message.IndexOf("including:", StringComparison.Ordinal);
        return start < 0 ? "see the API documentation" : message[(start + "including:".Length)..].Trim().TrimEnd('.');
    }

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex PathSegment();
}
