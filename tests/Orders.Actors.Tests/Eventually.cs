namespace Orders.Actors.Tests;

/// <summary>Waits for a condition with a deadline (polling), for state that has no event to await.</summary>
internal static class Eventually
{
    // Far longer than any of these waits takes on a quiet machine: a starved CI box must not fail them.
    private const double DefaultSeconds = 30;

    public static async Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(DefaultSeconds));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met in time: {because}");
            }

            await Task.Delay(5);
        }
    }

    public static Task<T> Within<T>(this Task<T> task, double seconds = DefaultSeconds) => task.WaitAsync(TimeSpan.FromSeconds(seconds));

    public static Task<T> Within<T>(this ValueTask<T> task, double seconds = DefaultSeconds) => task.AsTask().Within(seconds);

    public static Task Within(this Task task, double seconds = DefaultSeconds) => task.WaitAsync(TimeSpan.FromSeconds(seconds));
}
