using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Ticketing.Api.Problems;

namespace Ticketing.Api.Auth;

/// <summary>JWT bearer authentication with the process signing key (and an identity provider's keys when configured), and the admin policy.</summary>
public static class AuthSetup
{
    public static IServiceCollection AddApiAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<JwtSigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<ValidatedTokenCache>();
        services.AddHostedService<DevAdminTokenWriter>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<JwtSigningKey, IOptions<AuthOptions>, ValidatedTokenCache>((bearer, key, auth, tokens) =>
            {
                bearer.MapInboundClaims = false;
                IdentityProviderKeys.Configure(bearer, auth.Value);
                bearer.TokenHandlers.Clear();
                bearer.TokenHandlers.Add(tokens);
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = key.Key,
                    ValidAlgorithms = IdentityProviderKeys.AcceptedAlgorithms(auth.Value),
                    NameClaimType = ApiClaims.Subject,
                    RoleClaimType = ApiClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                bearer.Events = new JwtBearerEvents
                {
                    // Every signed-in route acts for a user id: a token without one is no sign-in (401), not a refusal (403).
                    OnTokenValidated = context =>
                    {
                        if (context.Principal?.FindFirst(ApiClaims.Subject) is null)
                        {
                            context.Fail("The token names no subject.");
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = context =>
                    {
                        context.HandleResponse();
                        return WriteAsync(context.HttpContext, ApiErrors.Unauthorized,
                            context.AuthenticateFailure is null ? "Send Authorization: Bearer <token>." : "The bearer token is not valid or has expired.");
                    },
                    OnForbidden = context => WriteAsync(context.HttpContext, ApiErrors.Forbidden, "Your token does not grant this route (admin routes need the admin role, check-in the staff or admin role)."),
                };
            });
        // Every signed-in route reads the user id, so a token without one is no sign-in at all.
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(ApiClaims.Subject).Build())
            .AddPolicy(ApiClaims.AdminPolicy, policy => policy.RequireClaim(ApiClaims.Subject).RequireRole(ApiClaims.AdminRole))
            .AddPolicy(ApiClaims.GatePolicy, policy => policy.RequireClaim(ApiClaims.Subject).RequireRole(ApiClaims.StaffRole, ApiClaims.AdminRole));
        return services;
    }

    private static Task WriteAsync(HttpContext context, ApiError error, string detail)
    {
        context.Response.StatusCode = error.Status;
        if (error.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return error.Result(detail).ExecuteAsync(context);
    }
}
