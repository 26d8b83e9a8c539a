using System.Text;
using Orders.Testing.SystemUnderTest;

namespace Orders.EndToEnd.Tests;

/// <summary>
/// artifacts/e2e-figures.md: one section per test, replaced on each run of that test, so the file
/// always shows the latest figures of every end-to-end test.
/// </summary>
internal static class FiguresFile
{
    private const string Title = "# End-to-end figures";
    private static readonly Lock Gate = new();

    public static string Path { get; } = System.IO.Path.Combine(OrdersSystem.RepositoryRoot, "artifacts", "e2e-figures.md");

    public static void WriteSection(string heading, string body)
    {
        lock (Gate)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var sections = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (File.Exists(Path))
            {
                foreach (var section in File.ReadAllText(Path).Split("\n## ", StringSplitOptions.RemoveEmptyEntries).Skip(1))
                {
                    var newline = section.IndexOf('\n', StringComparison.Ordinal);
                    if (newline > 0)
                    {
                        sections[section[..newline].Trim()] = section[(newline + 1)..].Trim();
                    }
                }
            }

            sections[heading] = body.Trim();
            var text = new StringBuilder(Title).Append("\n\nWritten by tests/Orders.EndToEnd.Tests (latest run of each test).\n");
            foreach (var (name, content) in sections)
            {
                text.Append("\n## ").Append(name).Append('\n').Append(content).Append('\n');
            }

            File.WriteAllText(Path, text.ToString());
        }
    }
}
