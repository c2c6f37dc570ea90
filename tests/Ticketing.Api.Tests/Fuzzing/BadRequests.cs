using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Ticketing.Api.Tests.Fuzzing;

/// <summary>
/// What makes a generated request bad for sure. A request to a route that changes state carries
/// one, so that no mix of noise can turn it into a valid call, unless it aims at the playground
/// event; reads may carry none.
/// </summary>
public enum Breaker
{
    /// <summary>Hostile values only: a read, or a change aimed at the playground by its owner.</summary>
    None,
    Token,
    PathId,
    Body,
    ContentType,
    Method,
}

/// <summary>One generated request, with enough said about it to replay it by hand.</summary>
public sealed record FuzzRequest(FuzzRoute Route, Breaker Breaker, string Method, string Path, string? Authorization, string? ContentType,
    byte[]? Body, IReadOnlyList<(string Name, string Value)> Headers)
{
    public override string ToString()
    {
        var body = Body is null ? "none" : Body.Length > 160 ? $"{Body.Length} bytes: {Encoding.UTF8.GetString(Body, 0, 160)}…" : Encoding.UTF8.GetString(Body);
        var auth = Authorization is null ? "none" : Authorization.Length > 40 ? Authorization[..40] + "…" : Authorization;
        var path = Path.Length > 200 ? Path[..200] + "…" : Path;
        return $"{Method} {path} (route {Route}, breaker {Breaker}, auth {auth}, content type {ContentType ?? "none"}, headers [{string.Join("; ", Headers.Select(header => $"{header.Name}: {header.Value}"))}], body {body})";
    }
}

/// <summary>The ids and tokens of the seeded world the requests aim at.</summary>
/// <param name="EventIds">The events whose state must not change.</param>
/// <param name="ReservationIds">Live holds of the protected events, of users the requests never act as.</param>
/// <param name="OrderIds">Confirmed orders of the protected events.</param>
/// <param name="SignedTokens">Tokens the Api accepts, some with odd subjects.</param>
/// <param name="BadAuthorizations">Authorization headers the Api must refuse (null: none at all).</param>
/// <param name="Playground">An event that requests without a breaker may change, so that hostile values reach the engine.</param>
public sealed record FuzzTargets(
    IReadOnlyList<string> EventIds,
    IReadOnlyList<string> ReservationIds,
    IReadOnlyList<string> OrderIds,
    IReadOnlyList<string> SignedTokens,
    IReadOnlyList<string?> BadAuthorizations,
    FuzzPlayground Playground);

/// <summary>An event of its own for requests that may succeed: its id, its owner's holds and the tokens that may change them.</summary>
public sealed record FuzzPlayground(string EventId, IReadOnlyList<string> ReservationIds, IReadOnlyList<string> Tokens);

/// <summary>FsCheck generators of bad requests for one route of the OpenAPI document.</summary>
public sealed class BadRequests(FuzzTargets targets)
{
    /// <summary>Ids in the path that name nothing, or try to climb out of their segment.</summary>
    public static readonly string[] BadPathIds =
    [
        "abc", "-1", "0", "1", "99999999999999999999999999", "-9223372036854775809", "%00", "a%00b", "%2e%2e", "..%2F..%2Fadmin", "%2F", "%5C",
        "%252F", "%C0%AE%C0%AE", "%ZZ", "%", "%u0041", "%27%20OR%20%271%27%3D%271", "%3Cscript%3E", "%E2%80%AE", "%F0%9F%8E%AB", "%ED%A0%80",
        "%FF%FE", "%CC%81%CC%81", "null", "undefined", "NaN", "%7Bid%7D", "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff", "0000000g-0000-0000-0000-000000000000", "rsv_0123456789abcdef0123456789abcdef_00",
        "ord_0123456789abcdef0123456789abcdef_00", "ord_", "rsv_", "%7Bev%3A1%7D", "~", "%20", "+", ".", "..", "%3Bjsessionid%3D1",
        "e%0D%0ASet-Cookie%3A%20x%3Dy", "status", "fairness", new string('a', 4_000), new string('9', 400), "1e10", "0x1F",
    ];

    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "FUZZ"];

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "text/html",
        "application/octet-stream", "application/jsonx", "image/png",
    ];

    private static readonly string[] JsonContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "application/json; charset=bogus",
        "application/problem+json", "application/json-patch+json; charset=utf-8", "APPLICATION/JSON", "application/json; foo=bar; charset=\"utf-8\"",
    ];

    public Gen<FuzzRequest> For(FuzzRoute route)
    {
        var breakers = new List<Breaker> { Breaker.Method };
        if (route.NeedsToken)
        {
            breakers.Add(Breaker.Token);
        }

        if (route.PathParameters.Count > 0)
        {
            breakers.Add(Breaker.PathId);
        }

        if (route.Body is not null)
        {
            breakers.AddRange([Breaker.Body, Breaker.Body, Breaker.ContentType]);
        }

        if (!route.ChangesState)
        {
            breakers.AddRange([Breaker.None, Breaker.None]);
        }
        else if (route.PathParameters.Count > 0)
        {
            breakers.AddRange([Breaker.None, Breaker.None]);
        }

        return Gen.Elements(breakers.ToArray()).SelectMany(breaker => Request(route, breaker));
    }

    private Gen<FuzzRequest> Request(FuzzRoute route, Breaker breaker)
    {
        var playground = breaker == Breaker.None && route.ChangesState;
        return
        from method in breaker == Breaker.Method ? Gen.Elements(AllMethods.Where(m => !route.MethodsOnPath.Contains(m)).ToArray()) : Gen.Constant(route.Method)
        from path in playground ? Gen.Constant(Fill(route, [.. route.PathParameters.Select(name => PlaygroundId(route, name))], -1, "")) : Path(route, breaker == Breaker.PathId)
        from reservation in Gen.Elements(targets.Playground.ReservationIds.ToArray())
        from query in Query(route)
        from authorization in breaker == Breaker.Token ? Gen.Elements(targets.BadAuthorizations.ToArray())
            : playground ? Gen.Elements(targets.Playground.Tokens.Select(token => (string?)("Bearer " + token)).ToArray())
            : AnyAuthorization()
        from body in route.Body is null ? StrayBody() : Body(route.Body, breaker == Breaker.Body)
        from contentType in ContentType(body, breaker == Breaker.ContentType)
        from headers in NoiseHeaders()
        select new FuzzRequest(route, breaker, method, path.Replace(PlaygroundReservation, reservation, StringComparison.Ordinal) + query, authorization, contentType, body, headers);
    }

    private const string PlaygroundReservation = "{playground-reservation}";

    private string PlaygroundId(FuzzRoute route, string parameter) =>
        parameter.Contains("event", StringComparison.OrdinalIgnoreCase) ? targets.Playground.EventId
        : route.Template.Contains("/reservations/", StringComparison.Ordinal) ? PlaygroundReservation
        : "x";

    private Gen<string?> AnyAuthorization() => Gen.Frequency(
        (6, Gen.Elements(targets.SignedTokens.Select(token => (string?)("Bearer " + token)).ToArray())),
        (1, Gen.Elements(targets.BadAuthorizations.ToArray())));

    private Gen<string> Path(FuzzRoute route, bool breakOne)
    {
        var segments = route.PathParameters.Select(name => Gen.Frequency(
            (3, Gen.Elements(GoodIds(route, name))),
            (1, Gen.Elements(BadPathIds)))).ToList();
        return from values in Gen.CollectToArray(segments)
               from broken in Gen.Choose(0, Math.Max(0, route.PathParameters.Count - 1))
               from bad in Gen.Elements(BadPathIds)
               select Fill(route, values, breakOne ? broken : -1, bad);
    }

    private static string Fill(FuzzRoute route, string[] values, int broken, string bad)
    {
        var path = route.Template;
        for (var index = 0; index < route.PathParameters.Count; index++)
        {
            path = path.Replace("{" + route.PathParameters[index] + "}", index == broken ? bad : values[index], StringComparison.Ordinal);
        }

        return path;
    }

    /// <summary>Real ids of the seeded world, so that requests get past "not found" to the checks behind it.</summary>
    private string[] GoodIds(FuzzRoute route, string parameter) =>
        parameter.Contains("event", StringComparison.OrdinalIgnoreCase) ? [.. targets.EventIds]
        : route.Template.Contains("/orders/", StringComparison.Ordinal) ? [.. targets.OrderIds]
        : route.Template.Contains("/reservations/", StringComparison.Ordinal) ? [.. targets.ReservationIds]
        : [.. targets.ReservationIds, .. targets.OrderIds, "x"];

    private static Gen<string> Query(FuzzRoute route)
    {
        var documented = route.QueryParameters.Count == 0
            ? Gen.Constant("")
            : from name in Gen.Elements(route.QueryParameters.ToArray())
              from value in Gen.Elements("-1", "0", "abc", "99999999999999999999", "1e3", "%00", "%ZZ", "%E2%80%AE", "", new string('q', 3_000), "%ED%A0%80")
              select $"{name}={value}";
        return Gen.Frequency(
            (6, Gen.Constant("")),
            (3, documented.Select(pair => pair.Length == 0 ? "" : "?" + pair)),
            (1, Gen.Elements("?%ZZ=1", "?a[]=1&a[]=2", "?=", "?&&&", "?page=1&page=2", "?limit=1&limit=x")));
    }

    private static Gen<(string Name, string Value)[]> NoiseHeaders() => Gen.Frequency(
        (6, Gen.Constant(Array.Empty<(string, string)>())),
        (1, Gen.Elements(
            ("Accept", "application/xml"), ("Accept", "text/html"), ("Accept", "*/*;q=0"), ("Accept-Charset", "utf-16"),
            ("X-Admission-Token", "forged"), ("X-Admission-Token", new string('x', 4_000)), ("traceparent", "00-zz-zz-01"),
            ("traceparent", "00-00000000000000000000000000000000-0000000000000000-01"), ("Last-Event-ID", "-1"), ("Last-Event-ID", "99999999999999999999"),
            ("If-None-Match", "\"*\""), ("X-Forwarded-For", "not-an-address"), ("Content-Encoding", "gzip"))
            .Select(header => new[] { header })));

    private static Gen<byte[]?> StrayBody() => Gen.Frequency(
        (4, Gen.Constant<byte[]?>(null)),
        (1, BadValues.AnyJson.Select(json => (byte[]?)Encoding.UTF8.GetBytes(json))));

    private static Gen<string?> ContentType(byte[]? body, bool wrong) =>
        wrong ? Gen.Elements(WrongContentTypes).Select(type => (string?)type)
        : body is null ? Gen.Constant<string?>(null)
        : Gen.Frequency((8, Gen.Constant<string?>("application/json")), (2, Gen.Elements(JsonContentTypes).Select(type => (string?)type)), (1, Gen.Constant<string?>(null)));

    /// <summary>A body shaped by the schema, with hostile values and extra members; when it must be bad, broken for sure.</summary>
    private static Gen<byte[]?> Body(JsonSchema schema, bool mustBreak) =>
        from members in Members(schema)
        from noisy in Noise(schema, members)
        from text in mustBreak ? Break(schema, noisy) : Gen.Frequency((9, Gen.Constant(Render(noisy))), (1, Gen.Elements("", "{}", "null", " ")))
        from invalidUtf8 in Gen.Frequency((15, Gen.Constant(false)), (1, Gen.Constant(mustBreak)))
        select (byte[]?)(invalidUtf8 ? [.. Encoding.UTF8.GetBytes("{\"a\":\""), 0xC0, 0xAF, 0xFF, .. Encoding.UTF8.GetBytes("\"}")] : Encoding.UTF8.GetBytes(text));

    private static Gen<List<(string Name, string Json)>> Members(JsonSchema schema) =>
        Gen.CollectToList(schema.Properties.Select(property => Plausible(property.Value, 0).Select(json => (property.Key, json))));

    /// <summary>A value a valid request might carry, so that the hostile parts are what the Api sees first.</summary>
    private static Gen<string> Plausible(JsonSchema schema, int depth) => schema.Type switch
    {
        "string" when schema.Format == "date-time" => Gen.Elements("\"2030-01-01T00:00:00Z\"", "\"2020-01-01T00:00:00Z\""),
        "string" when schema.Format == "uuid" => Gen.Elements("\"550e8400-e29b-41d4-a716-446655440000\"", "\"6f1c6c1e-0000-4000-8000-000000000001\""),
        "string" => Gen.Elements("\"FLOOR-A-1\"", "\"FLOOR\"", "\"A\"", "\"tok_visa\"", "\"k1\"", "\"customer\"", "\"admin\"", "\"USD\"", "\"Night\""),
        "integer" => Gen.Elements("1", "2", "5", "60", "300"),
        "number" => Gen.Elements("1", "99.5"),
        "boolean" => Gen.Elements("true", "false"),
        "array" when depth < 3 && schema.Items is not null =>
            from count in Gen.Choose(0, 3)
            from items in Gen.ArrayOf(Plausible(schema.Items, depth + 1), count)
            select "[" + string.Join(',', items) + "]",
        "object" when depth < 3 => Gen.CollectToList(schema.Properties.Select(property => Plausible(property.Value, depth + 1).Select(json => (property.Key, json))))
            .Select(Render),
        _ => Gen.Elements("null", "{}", "\"x\""),
    };

    /// <summary>Hostile values in place of some members, and members the schema does not know.</summary>
    private static Gen<List<(string Name, string Json)>> Noise(JsonSchema schema, List<(string Name, string Json)> members)
    {
        var replaced = Gen.CollectToList(members.Select(member => Gen.Frequency(
            (3, Gen.Constant(member)),
            (1, BadValues.SameType(schema.Properties[member.Name]).Select(json => (member.Name, json))),
            (1, BadValues.AnyJson.Select(json => (member.Name, json))),
            (1, Gen.Constant((member.Name, "null"))))));
        var extras = Gen.Frequency(
            (3, Gen.Constant(new List<(string, string)>())),
            (1, from count in Gen.Choose(1, 3)
                from names in Gen.ArrayOf(Gen.Elements("__proto__", "constructor", "$type", "", "\u0000", "\u202e", "extra_member", new string('k', 2_000)), count)
                from values in Gen.ArrayOf(BadValues.AnyJson, count)
                select names.Zip(values, (name, value) => (name, value)).ToList()));
        // One member may go missing; a draw of kept.Count drops none.
        return from kept in replaced
               from extra in extras
               from drop in Gen.Choose(0, kept.Count)
               select kept.Where((_, index) => index != drop).Concat(extra).ToList();
    }

    /// <summary>A body that no binder may accept: not JSON, JSON of the wrong shape, a member of the wrong type or a required member missing.</summary>
    private static Gen<string> Break(JsonSchema schema, List<(string Name, string Json)> members)
    {
        var ways = new List<Gen<string>>
        {
            Gen.Elements(BadValues.BrokenDocuments),
            Gen.Choose(1, Math.Max(1, Render(members).Length - 1)).Select(cut => Render(members)[..cut]),
            Gen.Elements("[]", "\"text\"", "42", "true", "[{}]"),
            Gen.Constant("[" + Render(members) + "]"),
        };
        var typed = schema.Properties.Where(property => BadValues.WrongType(property.Value) is not null).ToList();
        if (typed.Count > 0)
        {
            ways.Add(from property in Gen.Elements(typed.ToArray())
                     from wrong in BadValues.WrongType(property.Value)!
                     select Render([.. members.Where(member => member.Name != property.Key), (property.Key, wrong)]));
        }

        if (schema.Required.Count > 0)
        {
            ways.Add(Gen.Elements(schema.Required.ToArray()).Select(missing => Render([.. members.Where(member => member.Name != missing)])));
        }

        return Gen.OneOf(ways);
    }

    private static string Render(List<(string Name, string Json)> members) =>
        "{" + string.Join(',', members.Select(member => BadValues.Quote(member.Name) + ":" + member.Json)) + "}";
}
