namespace Orders.Nats.JetStream;

/// <summary>Options of the continuous pull <see cref="NatsJSContext.ConsumeAsync"/>. Change with <c>with</c>.</summary>
public sealed record NatsJSConsumeOpts
{
    /// <summary>Messages asked for per pull request (and most buffered at once).</summary>
    public int MaxMsgs { get; init; } = 100;

    /// <summary>How long the server keeps one pull request open.</summary>
    public TimeSpan Expires { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Top up when fewer than this many requested messages are still to come; default half of <see cref="MaxMsgs"/>.</summary>
    public int? ThresholdMsgs { get; init; }

    /// <summary>Heartbeat the server sends while a request waits; default half of <see cref="Expires"/>, at most 30 s.</summary>
    public TimeSpan? IdleHeartbeat { get; init; }

    /// <summary>The defaults.</summary>
    public static NatsJSConsumeOpts Default { get; } = new();
}
