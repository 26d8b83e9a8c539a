using Orders.Actors.Supervision;

namespace Orders.Actors;

/// <summary>Settings of an <see cref="ActorSystem"/>; change with <c>with</c>.</summary>
public sealed record ActorSystemOptions
{
    /// <summary>Messages an actor handles before it yields its thread-pool thread to other actors.</summary>
    public int Throughput { get; init; } = 100;

    /// <summary>Timeout of an Ask that does not name one.</summary>
    public TimeSpan DefaultAskTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful shutdown waits for mailboxes to drain before stopping actors anyway.</summary>
    public TimeSpan ShutdownDrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Supervision of actors that do not set their own.</summary>
    public SupervisionOptions Supervision { get; init; } = new();

    /// <summary>Clock for timers, back-off, Ask timeouts and passivation sweeps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
