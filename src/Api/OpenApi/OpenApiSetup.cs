using FastEndpoints;
using FastEndpoints.Swagger;
using NSwag;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Auth;
using Ticketing.Api.Problems;

namespace Ticketing.Api.OpenApi;

/// <summary>The OpenAPI document generated from the endpoints (<c>/openapi/v1.json</c>) and Swagger UI at <c>/docs</c>.</summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddApiDocument(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        return services.SwaggerDocument(document =>
        {
            document.EndpointFilter = endpoint => IssueDevToken.IsServed(endpoint.EndpointType, auth);
            // Request and response types carry their endpoint's name (HoldSeatsRequest), so the short name is unique.
            document.ShortSchemaNames = true;
            // Tags come from each feature's group, not from a path segment.
            document.AutoTagPathSegmentIndex = 0;
            document.EnableJWTBearerAuth = false;
            // Route parameters keep the names of the route templates ({eventId}); bodies are snake_case through SerializerSettings.
            document.UsePropertyNamingPolicy = false;
            document.SerializerSettings = ProblemsSetup.Configure;
            document.DocumentSettings = settings =>
            {
                settings.DocumentName = DocumentName;
                settings.Title = "Ticketing";
                settings.Version = DocumentName;
                settings.Description =
                    "Seat reservations for flash sales. Errors are RFC 9457 problem details with a stable `error` code and a `trace_id`; see docs/API.md.";
                settings.AddAuth("Bearer", new OpenApiSecurityScheme
                {
                    Type = OpenApiSecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A JWT whose `sub` is the user id; role `admin` for admin routes.",
                });
            };
        });
    }

    /// <summary>
    /// The problems any route can answer, declared once for all: 429 from the per-address budget,
    /// 503 when a backing store is down, and for routes with a body 413 and 415.
    /// </summary>
    public static void DescribeCommonProblems(EndpointDefinition endpoint)
    {
        var hasBody = endpoint.ReqDtoType != typeof(EmptyRequest)
            && endpoint.Verbs.Any(verb => verb is "POST" or "PUT" or "PATCH");
        endpoint.Description(route =>
        {
            route.ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
            if (hasBody)
            {
                route.ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
            }
        });
    }

    /// <summary>
    /// The document and Swagger UI, in a branch of the pipeline that only their paths enter: NSwag's
    /// three middlewares would otherwise each look at every request, a hold's too.
    /// </summary>
    public static WebApplication UseApiDocument(this WebApplication app)
    {
        app.UseWhen(IsDocumentation, documentation => documentation.UseSwaggerGen(
            document => document.Path = "/openapi/{documentName}.json",
            ui =>
            {
                ui.Path = DocsPath;
                ui.DocumentPath = "/openapi/{documentName}.json";
                ui.DocumentTitle = "Ticketing API";
            }));
        return app;
    }

    private const string DocsPath = "/docs";

    private static bool IsDocumentation(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments(DocsPath, StringComparison.OrdinalIgnoreCase);
}
