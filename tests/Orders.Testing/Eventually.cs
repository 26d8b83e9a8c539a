namespace Orders.Testing;

/// <summary>
/// Waits for a condition with a deadline instead of sleeping a fixed time: fast when the system is
/// fast, and a clear failure (not a hang) when the condition never becomes true.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls <paramref name="condition"/> until it returns true; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string? because = null, CancellationToken ct = default) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, because, ct);

    /// <summary>Polls an asynchronous <paramref name="condition"/> until it returns true; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string? because = null, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (await condition().ConfigureAwait(false))
            {
                return;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Condition not met within {timeout.TotalSeconds:0.##}s{(because is null ? "" : ": " + because)}.");
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }
}
