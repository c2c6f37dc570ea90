using System.Text.Json;
using System.Text.Json.Serialization;
using Ticketing.Api.Observability;

namespace Ticketing.Api.Problems;

/// <summary>JSON conventions and problem details shared by every route.</summary>
public static class ProblemsSetup
{
    /// <summary>snake_case JSON, strict about missing and null members, and problem details for every error.</summary>
    public static IServiceCollection AddApiConventions(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Extensions.TryAdd("error", ApiErrors.CodeForStatus(status));
            // Problems written outside handlers (auth, rate limits, bad bodies) still name their outcome in the request log.
            if (context.HttpContext.Features.Get<RequestLog>() is { Outcome: null } log)
            {
                log.Outcome = problem.Extensions["error"] as string;
            }
        });
        services.AddExceptionHandler<GlobalExceptionHandler>();
        return services;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    /// <summary>The options a test or client uses to read what the Api writes.</summary>
    public static JsonSerializerOptions CreateSerializerOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
