using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ticketing.Api.Problems;

/// <summary>JSON conventions and problem details shared by every route.</summary>
public static class ProblemsSetup
{
    /// <summary>Problem details for every error, in the contract's shape (<see cref="ProblemShape"/>).</summary>
    public static IServiceCollection AddApiConventions(this IServiceCollection services)
    {
        // Pages, health and problems written outside FastEndpoints serialize with the same conventions.
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        // Before AddProblemDetails: the first writer that accepts a problem writes it.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            ProblemShape.Complete(context.ProblemDetails, context.HttpContext));
        services.AddExceptionHandler<GlobalExceptionHandler>();
        return services;
    }

    /// <summary>snake_case JSON, strict about missing and null members.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }
}
