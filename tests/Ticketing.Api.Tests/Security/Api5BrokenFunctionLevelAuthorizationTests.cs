using System.Net;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Security;

/// <summary>
/// OWASP API5:2023 Broken Function Level Authorization. Every admin route, found in the app's own route table
/// (so a new one is covered the day it is mapped), answers 401 without a token and 403 to a customer, and the
/// refused call changes nothing.
/// </summary>
public sealed class Api5BrokenFunctionLevelAuthorizationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>The operator functions that must be among the admin routes, whatever else joins them.</summary>
    private static readonly string[] KnownAdminRoutes =
    [
        "POST /api/v1/events",
        "PUT /api/v1/events/{eventId}/waiting-room",
        "POST /api/v1/admin/reconcile",
        "GET /api/v1/admin/ops",
        "POST /hangfire/session",
    ];

    [Fact]
    public void TheRouteTableMarksEveryOperatorFunctionAdminOnly()
    {
        var admin = AdminRoutes().Select(route => route.ToString()).ToHashSet(StringComparer.Ordinal);

        Assert.Subset(admin, KnownAdminRoutes.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryAdminRouteAnswers401WithoutATokenAnd403ToACustomer()
    {
        var customer = api.NewUser();
        foreach (var route in AdminRoutes())
        {
            var path = route.Sample();
            var method = new HttpMethod(route.Method);
            (await api.SendAsync(method, path, null, "{}")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
            (await api.SendAsync(method, path, customer, "{}")).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [Fact]
    public async Task EveryStaffRouteAnswers401WithoutATokenAnd403ToACustomerAndStaffGetNoAdminRoute()
    {
        var staffRoutes = RouteInventory.Of(api.Server.Services).Where(route => route.Access == RouteAccess.Staff).ToList();
        Assert.Contains("POST /api/v1/events/{eventId}/checkins", staffRoutes.Select(route => route.ToString()));
        var customer = api.NewUser();
        foreach (var route in staffRoutes)
        {
            var method = new HttpMethod(route.Method);
            (await api.SendAsync(method, route.Sample(), null, "{}")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
            (await api.SendAsync(method, route.Sample(), customer, "{}")).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        }

        var staff = api.NewUser(ApiClaims.StaffRole);
        foreach (var route in AdminRoutes())
        {
            (await api.SendAsync(new HttpMethod(route.Method), route.Sample(), staff, "{}")).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [Fact]
    public async Task ACustomerCannotCreateAnEventOrOpenAWaitingRoom()
    {
        var eventId = await api.CreateEventAsync();
        var customer = api.NewUser();
        var before = (await api.GetAsync("/api/v1/events?limit=100")).Body.GetProperty("meta").GetProperty("total").GetInt32();

        (await api.PostAsync("/api/v1/events", TestLayouts.Small(), customer)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await api.SendAsync(HttpMethod.Put, $"/api/v1/events/{eventId}/waiting-room", customer, new { enabled = true, admit_per_second = 1, max_active = 1 }))
            .AssertProblem(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal(before, (await api.GetAsync("/api/v1/events?limit=100")).Body.GetProperty("meta").GetProperty("total").GetInt32());
        (await api.GetAsync($"/api/v1/events/{eventId}/queue/status")).AssertProblem(HttpStatusCode.NotFound, "waiting_room_not_found");
    }

    [Fact]
    public async Task ACustomerCannotGrantThemselvesTheAdminRole()
    {
        var customer = api.NewUser(ApiClaims.CustomerRole);

        // A role claimed in a body is not a role granted by a token.
        (await api.PostAsync("/api/v1/admin/reconcile", new { role = "admin" }, customer)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await api.GetAsync("/api/v1/admin/ops?role=admin", customer)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    private IEnumerable<MappedRoute> AdminRoutes() => RouteInventory.Of(api.Server.Services).Where(route => route.Access == RouteAccess.Admin);
}
