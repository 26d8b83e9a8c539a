namespace Orders.UpdateStatus.Follow;

/// <summary>How the follow mode works the queue. Change with <c>with</c>.</summary>
internal sealed record FollowOptions
{
    /// <summary>Replay ORDERS from its first message instead of starting with new ones.</summary>
    public bool FromStart { get; init; }

    /// <summary>Time between seeing an order paid and shipping (or cancelling) it.</summary>
    public TimeSpan ShipDelay { get; init; }

    /// <summary>Time between seeing an order shipped and delivering it.</summary>
    public TimeSpan DeliverDelay { get; init; }

    /// <summary>Share (0..1) of paid orders cancelled instead of shipped.</summary>
    public double CancelShare { get; init; }

    public int Seed { get; init; }

    /// <summary>Stop after this many actions have their outcome; null runs until Ctrl-C.</summary>
    public int? MaxActions { get; init; }

    /// <summary>How long one action waits for its outcome before it counts as "no outcome".</summary>
    public TimeSpan OutcomeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Request ids are <c>&lt;prefix&gt;-&lt;n&gt;</c>.</summary>
    public string RequestPrefix { get; init; } = "op";
}
