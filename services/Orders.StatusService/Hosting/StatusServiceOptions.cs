namespace Orders.StatusService.Hosting;

/// <summary>
/// Settings of status-service's ORDERS consumer (configuration section <c>StatusService</c>, e.g.
/// <c>ORDERS_StatusService__GapDelay=00:00:00.250</c>). Change with <c>with</c>.
/// </summary>
internal sealed record StatusServiceOptions
{
    public const string SectionName = "StatusService";

    /// <summary>How long an event that arrived ahead of its predecessor waits before it comes again.</summary>
    public TimeSpan GapDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Deliveries per event before a still-unapplicable one is dead-lettered. Gaps count too, so this
    /// and the doubling gap delays give how long a missing predecessor is waited for (about 80 s by default).
    /// </summary>
    public int MaxDeliver { get; init; } = 20;
}
