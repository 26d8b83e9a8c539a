namespace Orders.PaymentService.Gateway;

/// <summary>The simulated gateway's behaviour (configuration section <c>Payments:Gateway</c>), for demos and chaos tests.</summary>
internal sealed record GatewayOptions
{
    /// <summary>Typical time a charge takes (e.g. <c>00:00:00.005</c>).</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Each charge takes <see cref="Latency"/> plus or minus up to this much, at random.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Share of charges (0 to 1) that fail transiently, taking no money.</summary>
    public double TransientFailureRate { get; init; }

    /// <summary>Seed of the gateway's randomness, so a test's failures are reproducible; null: unseeded.</summary>
    public int? Seed { get; init; }

    internal IEnumerable<string> Problems()
    {
        if (Latency < TimeSpan.Zero)
        {
            yield return "Payments:Gateway:Latency must not be negative.";
        }

        if (Jitter < TimeSpan.Zero)
        {
            yield return "Payments:Gateway:Jitter must not be negative.";
        }

        if (TransientFailureRate is < 0 or > 1 || double.IsNaN(TransientFailureRate))
        {
            yield return "Payments:Gateway:TransientFailureRate must be between 0 and 1.";
        }
    }
}
