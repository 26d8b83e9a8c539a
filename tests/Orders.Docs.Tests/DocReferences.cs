using System.Text.RegularExpressions;

namespace Orders.Docs.Tests;

/// <summary>
/// Finds references that point nowhere: relative markdown links to missing files or headings, and
/// <c>*.md</c> names in code and documents that no file carries. Each problem is one line,
/// "path:line: what", so a failing test says where to fix.
/// </summary>
internal static partial class DocReferences
{
    /// <summary>Written by the end-to-end tests into artifacts/ (ignored by git), so absent on a clean checkout.</summary>
    private static readonly HashSet<string> GeneratedFiles = ["e2e-figures.md"];

    public static List<string> BrokenLinks(string root)
    {
        var problems = new List<string>();
        foreach (var file in RepositoryFiles.Enumerate(root, ".md"))
        {
            foreach (var (line, target) in MarkdownText.Links(File.ReadAllLines(file)))
            {
                if (UrlScheme().IsMatch(target))
                {
                    continue;
                }

                var problem = Check(file, target);
                if (problem is not null)
                {
                    problems.Add($"{Path.GetRelativePath(root, file)}:{line}: {problem}");
                }
            }
        }

        return problems;
    }

    public static List<string> MissingMarkdownNames(string root)
    {
        var existing = RepositoryFiles.Enumerate(root, ".md").Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var file in RepositoryFiles.Enumerate(root, ".md", ".cs", ".csproj", ".sh", ".py", ".yml"))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in MarkdownName().Matches(Url().Replace(lines[i], " ")))
                {
                    var name = m.Value;
                    if (!Exists(root, file, name, existing) && !GeneratedFiles.Contains(Path.GetFileName(name)))
                    {
                        problems.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: names {name}, which does not exist");
                    }
                }
            }
        }

        return problems;
    }

    private static string? Check(string file, string target)
    {
        var hash = target.IndexOf('#');
        var path = hash < 0 ? target : target[..hash];
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
        if (!File.Exists(resolved) && !Directory.Exists(resolved))
        {
            return $"link to {target}: no such file";
        }

        if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal)
            && !MarkdownText.Anchors(File.ReadAllLines(resolved)).Contains(anchor))
        {
            return $"link to {target}: no such heading";
        }

        return null;
    }

    /// <summary>A bare name may live anywhere; a path is read from the naming file or from the root.</summary>
    private static bool Exists(string root, string file, string name, HashSet<string?> existing) =>
        name.Contains('/')
            ? File.Exists(Path.Combine(Path.GetDirectoryName(file)!, name)) || File.Exists(Path.Combine(root, name))
            : existing.Contains(name);

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)]
    private static partial Regex UrlScheme();

    [GeneratedRegex(@"[a-z][a-z0-9+.-]*://\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<![\w./-])[\w./-]*\w\.md\b")]
    private static partial Regex MarkdownName();
}
