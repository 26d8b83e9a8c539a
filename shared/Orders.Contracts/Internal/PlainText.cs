namespace Orders.Contracts.Internal;

/// <summary>Formatting of caller-supplied values inside error messages, kept short and on one line.</summary>
internal static class PlainText
{
    private const int MaxShown = 80;

    /// <summary><c>"abc"</c>, cut after 80 characters, control characters shown as '?', or <c>null</c>.</summary>
    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var shown = value.Length <= MaxShown ? value : value[..MaxShown] + "...";
        return string.Create(shown.Length + 2, shown, static (span, s) =>
        {
            span[0] = '"';
            for (var i = 0; i < s.Length; i++)
            {
                span[i + 1] = char.IsControl(s[i]) ? '?' : s[i];
            }

            span[^1] = '"';
        });
    }
}
