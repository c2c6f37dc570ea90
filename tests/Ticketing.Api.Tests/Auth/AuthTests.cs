using System.Net;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Auth;

public sealed class AuthTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ADevTokenCarriesTheUserAndRoleItWasAskedFor()
    {
        var customer = await api.PostAsync("/api/v1/auth/dev-token", new { user_id = "fan-1" });
        var admin = await api.PostAsync("/api/v1/auth/dev-token", new { user_id = "ops-1", role = "admin" });

        Assert.Equal(HttpStatusCode.OK, customer.Status);
        Assert.Equal("Bearer", customer.String("token_type"));
        var fan = new TestUser("fan-1", customer.String("access_token"));
        var ops = new TestUser("ops-1", admin.String("access_token"));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me/orders", fan)).Status);
        (await api.PostAsync("/api/v1/events", TestLayouts.Small(), fan)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/events", TestLayouts.Small(), ops)).Status);
    }

    [Theory]
    [InlineData("""{"user_id": ""}""")]
    [InlineData("""{"user_id": "has space"}""")]
    [InlineData("""{"user_id": "u1", "role": "root"}""")]
    [InlineData("""{"role": "admin"}""")]
    public async Task ABadDevTokenRequestAnswers400(string body)
    {
        (await api.PostAsync("/api/v1/auth/dev-token", body)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyOrNotAJwtAnswers401()
    {
        var foreign = await ApiFixture.StartAsync(new Dictionary<string, string>());
        TestUser foreignUser;
        try
        {
            foreignUser = foreign.NewUser();
        }
        finally
        {
            await foreign.DisposeAsync();
        }

        (await api.GetAsync("/api/v1/me/orders", foreignUser)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await api.GetAsync("/api/v1/me/orders", new TestUser("x", "not-a-jwt"))).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task AdminRoutesAnswer401WithoutTokenAnd403ForCustomers()
    {
        (await api.PostAsync("/api/v1/admin/reconcile", null)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await api.PostAsync("/api/v1/admin/reconcile", null, api.NewUser())).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
    }
}
