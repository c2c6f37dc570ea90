using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ticketing.Api.OpenApi;

/// <summary>The OpenAPI document generated from the endpoints (<c>/openapi/v1.json</c>) and Swagger UI at <c>/docs</c>.</summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            // Every endpoint names its records Request and Response; the schema id adds the endpoint's name.
            options.CreateSchemaReferenceId = type => type.Type.IsNested && type.Type.DeclaringType is { } endpoint
                ? endpoint.Name + type.Type.Name
                : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
        });

    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.SwaggerEndpoint(DocumentPath, "Ticketing v1");
            options.DocumentTitle = "Ticketing API";
        });
        return app;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info.Title = "Ticketing";
        document.Info.Description =
            "Seat reservations for flash sales. Errors are RFC 9457 problem details with a stable `error` code; see docs/API.md.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT whose `sub` is the user id; role `admin` for admin routes.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
    }
}
