using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Operations;

/// <summary>The OpenAPI document is generated from the endpoints, so it lists exactly what the Api serves.</summary>
public sealed class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TheDocumentListsExactlyTheApiRoutesTheAppMaps()
    {
        var document = await DocumentAsync();

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .Order(StringComparer.Ordinal);
        var mapped = api.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(endpoint => (Route: "/" + endpoint.RoutePattern.RawText!.TrimStart('/'), Methods: endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(endpoint => endpoint.Route.StartsWith("/api/", StringComparison.Ordinal) || endpoint.Route.StartsWith("/ws/", StringComparison.Ordinal))
            .SelectMany(endpoint => endpoint.Methods.Select(method => $"{method} {endpoint.Route}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(mapped, documented);
    }

    [Fact]
    public async Task EveryOperationNamesItsSchemasAndTheProblemsItCanAnswer()
    {
        var document = await DocumentAsync();
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Name: $"{operation.Name} {path.Name}", Body: operation.Value)))
            .ToList();

        foreach (var (name, operation) in operations)
        {
            var responses = operation.GetProperty("responses").EnumerateObject().ToDictionary(response => response.Name, response => response.Value);
            Assert.True(responses.Keys.Any(status => status.StartsWith('2') || status == "101"), $"{name} documents no success");
            foreach (var (status, response) in responses.Where(response => response.Key.StartsWith('4') || response.Key.StartsWith('5')))
            {
                Assert.True(response.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out _),
                    $"{name} answers {status} without a problem schema");
            }

            Assert.Contains("429", responses.Keys);
            Assert.Contains("503", responses.Keys);
        }

        var hold = document.GetProperty("paths").GetProperty("/api/v1/events/{eventId}/reservations").GetProperty("post");
        Assert.Equal(
            ["200", "201", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
            hold.GetProperty("responses").EnumerateObject().Select(response => response.Name).Order(StringComparer.Ordinal));
        Assert.Equal("eventId", hold.GetProperty("parameters")[0].GetProperty("name").GetString());
        Assert.Contains("HoldSeatsRequest", hold.GetProperty("requestBody").GetRawText(), StringComparison.Ordinal);
        Assert.Contains("ReservationResponse", hold.GetProperty("responses").GetProperty("201").GetRawText(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        var document = await api.GetAsync("/openapi/v1.json");
        Assert.Equal(System.Net.HttpStatusCode.OK, document.Status);
        return document.Body;
    }
}
