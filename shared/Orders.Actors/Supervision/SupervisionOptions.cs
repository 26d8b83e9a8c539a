namespace Orders.Actors.Supervision;

/// <summary>
/// What happens when a handler throws: the actor restarts with fresh state after an exponential back-off
/// (<see cref="MinBackoff"/> doubled per recent failure, capped at <see cref="MaxBackoff"/>, plus up to
/// <see cref="RandomFactor"/> of jitter); the <see cref="MaxFailures"/>-th failure within
/// <see cref="FailureWindow"/> stops it instead. The failing message is not retried: its Ask sender gets the exception.
/// </summary>
public sealed record SupervisionOptions
{
    public int MaxFailures { get; init; } = 5;

    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra random delay as a fraction of the back-off (0.2 = up to 20% longer), so restarts spread out.</summary>
    public double RandomFactor { get; init; } = 0.2;

    /// <summary>The back-off before restart after <paramref name="failuresInWindow"/> recent failures (without jitter).</summary>
    public TimeSpan BackoffFor(int failuresInWindow)
    {
        var exponent = Math.Clamp(failuresInWindow - 1, 0, 30);
        var ticks = Math.Min(MinBackoff.Ticks * (double)(1L << exponent), MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
