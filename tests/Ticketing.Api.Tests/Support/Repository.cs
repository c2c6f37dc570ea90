namespace Ticketing.Api.Tests.Support;

/// <summary>The checkout the tests run from, for files the product ships (pages, dashboards).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ticketing.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Ticketing.sln not found above " + AppContext.BaseDirectory);
    }
}
