using Microsoft.Extensions.Options;

namespace Ticketing.Api.Auth;

/// <summary>
/// Writes a long-lived admin token to <see cref="AuthOptions.DevAdminTokenFile"/> at start, so
/// <c>./ticketing run</c> can print it for a developer. Readable by the owner only.
/// </summary>
public sealed class DevAdminTokenWriter(TokenIssuer issuer, IOptions<AuthOptions> options, ILogger<DevAdminTokenWriter> logger) : IHostedService
{
    public const string UserId = "dev-admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.DevAdminTokenFile;
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var token = issuer.Issue(UserId, ApiClaims.AdminRole, TimeSpan.FromDays(30));
        File.Delete(path);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created owner-only, so the token is never readable by others, not even for a moment.
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new StreamWriter(path, create);
        await file.WriteAsync(token.AsMemory(), cancellationToken).ConfigureAwait(false);

        logger.LogInformation("Wrote a dev admin token for {UserId} to {Path}", UserId, path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
