namespace Orders.Actors.Tests;

/// <summary>Waits for a condition with a deadline (polling), for state that has no event to await.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met in time: {because}");
            }

            await Task.Delay(5);
        }
    }

    public static Task<T> Within<T>(this Task<T> task, double seconds = 10) => task.WaitAsync(TimeSpan.FromSeconds(seconds));

    public static Task<T> Within<T>(this ValueTask<T> task, double seconds = 10) => task.AsTask().Within(seconds);

    public static Task Within(this Task task, double seconds = 10) => task.WaitAsync(TimeSpan.FromSeconds(seconds));
}
