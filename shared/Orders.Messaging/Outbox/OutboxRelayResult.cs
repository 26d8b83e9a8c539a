namespace Orders.Messaging.Outbox;

/// <summary>What one relay pass did.</summary>
/// <param name="Published">Rows published and marked sent.</param>
/// <param name="Failure">The publish error that ended the pass early (the row stays unsent), or null.</param>
public readonly record struct OutboxRelayResult(int Published, Exception? Failure);
