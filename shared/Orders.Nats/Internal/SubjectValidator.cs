using System.Buffers;

namespace Orders.Nats.Internal;

/// <summary>Rejects subjects that would corrupt the text protocol (whitespace would split the command).</summary>
internal static class SubjectValidator
{
    private static readonly SearchValues<char> Forbidden = SearchValues.Create(" \t\r\n");

    public static void Validate(string subject, string parameterName = "subject")
    {
        ArgumentException.ThrowIfNullOrEmpty(subject, parameterName);
        if (subject.AsSpan().ContainsAny(Forbidden))
        {
            throw new ArgumentException($"Subject '{subject}' must not contain whitespace.", parameterName);
        }
    }

    public static void ValidateOptional(string? value, string parameterName)
    {
        if (value is not null)
        {
            Validate(value, parameterName);
        }
    }
}
