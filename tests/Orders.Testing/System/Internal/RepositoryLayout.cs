using System.Reflection;

namespace Orders.Testing.SystemUnderTest.Internal;

/// <summary>Where the repository and the services' build output are, seen from the test run.</summary>
internal static class RepositoryLayout
{
    private const string SolutionFile = "Orders.sln";
    private const string TargetFramework = "net10.0";

    /// <summary>The folder holding Orders.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this assembly was built with (Debug or Release).</summary>
    public static string BuildConfiguration { get; } =
        typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Release";

    /// <summary>The built service assembly; a clear error when it was not built.</summary>
    public static string ServiceAssembly(OrdersServiceType service, string configuration)
    {
        var path = Path.Combine(Root, "services", service.Project, "bin", configuration, TargetFramework, service.Project + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{service.Name} is not built: {path} does not exist. Run `dotnet build services/{service.Project} -c {configuration}` " +
                $"(or dotnet build -c {configuration} first) before the system tests.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} found above {AppContext.BaseDirectory}: the system harness runs from the repository's build output.");
    }
}
