namespace Orders.Nats.Internal;

/// <summary>
/// Reads the server's permission errors: <c>Permissions Violation for Publish to "x"</c> and
/// <c>Permissions Violation for Subscription to "x"</c> (optionally <c>using queue "q"</c>).
/// </summary>
internal readonly record struct PermissionViolation(bool IsSubscription, string Subject, string? QueueGroup)
{
    public static bool TryParse(string error, out PermissionViolation violation)
    {
        violation = default;
        if (!error.StartsWith("Permissions Violation", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var isSubscription = error.Contains("for Subscription", StringComparison.OrdinalIgnoreCase);
        var subject = Quoted(error, 0, out var end);
        if (subject is null)
        {
            return false;
        }

        var queueAt = error.IndexOf("queue", end, StringComparison.OrdinalIgnoreCase);
        var queue = queueAt >= 0 ? Quoted(error, queueAt, out _) : null;
        violation = new PermissionViolation(isSubscription, subject, queue);
        return true;
    }

    private static string? Quoted(string text, int from, out int end)
    {
        end = from;
        var open = text.IndexOf('"', from);
        if (open < 0)
        {
            return null;
        }

        var close = text.IndexOf('"', open + 1);
        if (close < 0)
        {
            return null;
        }

        end = close + 1;
        return text[(open + 1)..close];
    }
}
