using System.Text;
using System.Text.RegularExpressions;

namespace Orders.Docs.Tests;

/// <summary>The parts of a markdown file the link check reads: its inline links outside code
/// (link syntax inside a code block or a code span is text, not a link) and its headings' anchors.</summary>
internal static partial class MarkdownText
{
    public static IEnumerable<(int Line, string Target)> Links(string[] lines)
    {
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            foreach (Match m in InlineLink().Matches(CodeSpan().Replace(lines[i], "")))
            {
                yield return (i + 1, m.Groups["target"].Value);
            }
        }
    }

    /// <summary>Anchors as GitHub derives them: lower case, punctuation dropped, spaces to hyphens.</summary>
    public static HashSet<string> Anchors(string[] lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var heading = Heading().Match(line);
            if (!heading.Success)
            {
                continue;
            }

            var slug = new StringBuilder();
            foreach (var c in heading.Groups["text"].Value.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            anchors.Add(slug.ToString());
        }

        return anchors;
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+)$")]
    private static partial Regex Heading();
}
