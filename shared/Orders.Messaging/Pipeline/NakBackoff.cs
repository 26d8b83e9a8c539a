namespace Orders.Messaging.Pipeline;

/// <summary>
/// Delay before a message that failed transiently comes again: <see cref="Initial"/> after the
/// first delivery, doubling with each delivery, at most <see cref="Max"/>.
/// </summary>
public sealed record NakBackoff(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>200 ms doubling to 10 s.</summary>
    public static NakBackoff Default { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    /// <summary>The delay after delivery number <paramref name="numDelivered"/> (1-based) failed.</summary>
    public TimeSpan DelayFor(int numDelivered)
    {
        var doublings = Math.Clamp(numDelivered - 1, 0, 30);
        var ticks = Initial.Ticks * Math.Pow(2, doublings);
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}
