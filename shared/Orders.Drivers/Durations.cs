using System.CommandLine.Parsing;
using System.Globalization;

namespace Orders.Drivers;

/// <summary>Durations on the command line: <c>250ms</c>, <c>2s</c>, <c>1.5s</c>, <c>2m</c>, or plain seconds (<c>30</c>).</summary>
internal static class Durations
{
    public const string Format = "a duration like 500ms, 2s, 1.5s or 1m";

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.Trim();
        var (number, scale) = span.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (span[..^2], 0.001)
            : span.EndsWith('s') || span.EndsWith('S') ? (span[..^1], 1.0)
            : span.EndsWith('m') || span.EndsWith('M') ? (span[..^1], 60.0)
            : (span, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            || !double.IsFinite(amount) || amount < 0 || amount * scale > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(amount * scale);
        return true;
    }

    /// <summary>A System.CommandLine parser for a duration option; the error names the option and the accepted form.</summary>
    public static TimeSpan Parse(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (TryParse(token, out var value))
        {
            return value;
        }

        var option = (result.Parent as OptionResult)?.Option.Name ?? "the duration";
        result.AddError($"{option} must be {Format} (was '{token}')");
        return default;
    }

    /// <summary>Short human text: <c>850 ms</c>, <c>2.5 s</c>, <c>3 min</c>.</summary>
    public static string Describe(TimeSpan value) =>
        value.TotalSeconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0} ms")
        : value.TotalMinutes < 2 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.#} s")
        : string.Create(CultureInfo.InvariantCulture, $"{value.TotalMinutes:0.#} min");
}
