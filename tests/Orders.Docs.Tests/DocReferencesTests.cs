namespace Orders.Docs.Tests;

public sealed class DocReferencesTests : IDisposable
{
    // Fixture names are assembled so this file does not itself name a missing markdown file.
    private const string Md = ".md";

    private readonly string _fixture = Directory.CreateTempSubdirectory("orders-docs-").FullName;

    [Fact]
    public void BrokenLinks_Repository_NoneFound() =>
        AssertNone(DocReferences.BrokenLinks(RepositoryFiles.FindRoot()));

    [Fact]
    public void MissingMarkdownNames_Repository_NoneFound() =>
        AssertNone(DocReferences.MissingMarkdownNames(RepositoryFiles.FindRoot()));

    [Fact]
    public void BrokenLinks_LinkToMissingFile_Reported()
    {
        Write("docs/a" + Md, "# A\nsee [b](b" + Md + ") and [gone](../gone" + Md + ")\n");
        Write("docs/b" + Md, "# B\n");

        var problem = Assert.Single(DocReferences.BrokenLinks(_fixture));

        Assert.Equal($"docs/a{Md}:2: link to ../gone{Md}: no such file", problem);
    }

    [Fact]
    public void BrokenLinks_AnchorWithoutHeading_Reported()
    {
        Write("a" + Md, "# Order lifecycle (owned by order-service)\n[ok](#order-lifecycle-owned-by-order-service) [bad](#nowhere)\n");

        var problem = Assert.Single(DocReferences.BrokenLinks(_fixture));

        Assert.Equal($"a{Md}:2: link to #nowhere: no such heading", problem);
    }

    [Fact]
    public void BrokenLinks_UrlsAndFencedCode_Ignored()
    {
        Write("a" + Md, "[web](https://example.com/x" + Md + ") `[span](gone" + Md + ")`\n```\n[code](gone" + Md + ")\n```\n");

        Assert.Empty(DocReferences.BrokenLinks(_fixture));
    }

    [Fact]
    public void MissingMarkdownNames_CommentNamingMissingFile_Reported()
    {
        Write("docs/contract" + Md, "# Contract\n");
        Write("src/A.cs", "// see docs/contract" + Md + ", contract" + Md + " and CONTRACT" + Md + "\n");

        var problem = Assert.Single(DocReferences.MissingMarkdownNames(_fixture));

        Assert.Equal($"src/A.cs:1: names CONTRACT{Md}, which does not exist", problem);
    }

    public void Dispose() => Directory.Delete(_fixture, recursive: true);

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_fixture, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    // Every problem in full: xunit shortens a collection it prints.
    private static void AssertNone(List<string> problems) =>
        Assert.True(problems.Count == 0, string.Join('\n', problems));
}
