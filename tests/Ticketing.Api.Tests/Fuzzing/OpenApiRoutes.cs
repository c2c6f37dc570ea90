using System.Text.Json;

namespace Ticketing.Api.Tests.Fuzzing;

/// <summary>One operation of the served OpenAPI document, as much of it as a request needs.</summary>
public sealed record FuzzRoute(
    string Method,
    string Template,
    IReadOnlyList<string> PathParameters,
    IReadOnlyList<string> QueryParameters,
    JsonSchema? Body,
    bool NeedsToken,
    IReadOnlySet<string> MethodsOnPath)
{
    public bool ChangesState => Method != "GET";

    public override string ToString() => $"{Method} {Template}";
}

/// <summary>
/// A request body's schema, reduced to what the generators need: the JSON type, members with their
/// schemas and which are required, and array items. References are resolved when read.
/// </summary>
public sealed record JsonSchema(string? Type, string? Format, IReadOnlyDictionary<string, JsonSchema> Properties, IReadOnlySet<string> Required, JsonSchema? Items)
{
    public static readonly JsonSchema Any = new(null, null, new Dictionary<string, JsonSchema>(), new HashSet<string>(), null);
}

/// <summary>Reads the routes of the document the running Api serves at <c>/openapi/v1.json</c>.</summary>
public static class OpenApiRoutes
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public static IReadOnlyList<FuzzRoute> Read(JsonElement document)
    {
        var schemas = document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var found)
            ? found
            : default;
        var routes = new List<FuzzRoute>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var methods = path.Value.EnumerateObject().Select(operation => operation.Name.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            foreach (var operation in path.Value.EnumerateObject().Where(operation => Methods.Contains(operation.Name)))
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
                var body = operation.Value.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.GetProperty("content").EnumerateObject().FirstOrDefault() is { Value.ValueKind: JsonValueKind.Object } content
                    && content.Value.TryGetProperty("schema", out var schema)
                        ? Resolve(schema, schemas, depth: 0)
                        : null;
                routes.Add(new FuzzRoute(
                    operation.Name.ToUpperInvariant(),
                    path.Name,
                    [.. parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!)],
                    [.. parameters.Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!)],
                    body,
                    operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0,
                    methods));
            }
        }

        return routes;
    }

    private static JsonSchema Resolve(JsonElement schema, JsonElement schemas, int depth)
    {
        if (depth > 8)
        {
            return JsonSchema.Any;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Resolve(schemas.GetProperty(name), schemas, depth + 1);
        }

        foreach (var combined in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(combined, out var parts) && parts.GetArrayLength() > 0)
            {
                var resolved = parts.EnumerateArray().Select(part => Resolve(part, schemas, depth + 1)).ToList();
                return combined == "allOf" && resolved.Count > 1
                    ? resolved[0] with
                    {
                        Properties = resolved.SelectMany(part => part.Properties).GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.First().Value),
                        Required = resolved.SelectMany(part => part.Required).ToHashSet(StringComparer.Ordinal),
                    }
                    : resolved[0];
            }
        }

        var type = schema.TryGetProperty("type", out var typeElement)
            ? typeElement.ValueKind == JsonValueKind.Array
                ? typeElement.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
                : typeElement.GetString()
            : schema.TryGetProperty("properties", out _) ? "object" : null;
        var properties = schema.TryGetProperty("properties", out var members)
            ? members.EnumerateObject().ToDictionary(member => member.Name, member => Resolve(member.Value, schemas, depth + 1), StringComparer.Ordinal)
            : new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        var required = schema.TryGetProperty("required", out var names)
            ? names.EnumerateArray().Select(name => name.GetString()!).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        var items = schema.TryGetProperty("items", out var itemSchema) ? Resolve(itemSchema, schemas, depth + 1) : null;
        return new JsonSchema(type, schema.TryGetProperty("format", out var format) ? format.GetString() : null, properties, required, items);
    }
}
