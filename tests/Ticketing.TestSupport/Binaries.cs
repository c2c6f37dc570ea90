namespace Ticketing.TestSupport;

/// <summary>Locates the Debian-packaged server binaries and the user they must run as.</summary>
internal static class Binaries
{
    public static string RedisServer => Find("redis-server", ["/usr/bin", "/usr/local/bin"]);

    public static string RedisCli => Find("redis-cli", ["/usr/bin", "/usr/local/bin"]);

    public static string PostgresBin(string tool)
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            : [];
        return Find(tool, [.. versions, "/usr/bin", "/usr/local/bin"]);
    }

    /// <summary>PostgreSQL refuses to run as root; as root we drop to the packaged 'postgres' user.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    public static (string FileName, List<string> Arguments) AsServiceUser(string fileName, IEnumerable<string> arguments)
    {
        if (!IsRoot)
        {
            return (fileName, [.. arguments]);
        }

        // setpriv execs in place (unlike su/runuser, which fork), so killing the child kills the server.
        return ("/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", fileName, .. arguments]);
    }

    private static string Find(string name, IEnumerable<string> folders)
    {
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"{name} was not found. Install the Debian packages: apt-get install -y redis-server postgresql");
    }
}
