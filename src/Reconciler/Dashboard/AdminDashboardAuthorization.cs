using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;

namespace Ticketing.Reconciler.Dashboard;

/// <summary>
/// Lets a request into the dashboard when its bearer header or its dashboard cookie carries a token
/// that satisfies the admin policy. Anyone else gets 401 (no token) or 403 (a customer's).
/// </summary>
internal sealed class AdminDashboardAuthorization(string adminPolicy) : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var user = http.User.Identity?.IsAuthenticated == true ? http.User : await DashboardSession.ReadAsync(http).ConfigureAwait(false);
        if (user is null)
        {
            return false;
        }

        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(user, adminPolicy).ConfigureAwait(false)).Succeeded;
    }
}
