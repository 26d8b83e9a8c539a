namespace Orders.Docs.Tests;

/// <summary>The repository's own files: build output, dependencies and local state are skipped,
/// since they are not what a reader of the sources sees.</summary>
internal static class RepositoryFiles
{
    private static readonly HashSet<string> SkippedDirectories =
        ["bin", "obj", "node_modules", ".git", ".orders", "artifacts", "TestResults", "BenchmarkDotNet.Artifacts"];

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orders.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orders.sln not found above " + AppContext.BaseDirectory);
    }

    public static IEnumerable<string> Enumerate(string root, params string[] extensions)
    {
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var dir))
        {
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (!SkippedDirectories.Contains(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(dir))
            {
                if (extensions.Any(e => file.EndsWith(e, StringComparison.Ordinal)))
                {
                    yield return file;
                }
            }
        }
    }
}
