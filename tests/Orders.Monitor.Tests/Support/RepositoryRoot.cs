namespace Orders.Monitor.Tests.Support;

/// <summary>The repository's root folder (the one holding Orders.sln), found from the test binaries.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Orders.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Orders.sln above {AppContext.BaseDirectory}.");
    }
}
