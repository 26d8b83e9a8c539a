namespace Orders.Nats.JetStream;

/// <summary>
/// A stream's configuration (JetStream <c>StreamConfig</c>). Defaults are the server's defaults
/// except <see cref="Storage"/>, which is <see cref="StreamStorage.File"/> like the server's, and
/// <see cref="DuplicateWindow"/>, spelled out as two minutes. Change fields with <c>with</c>.
/// Durations are <see cref="TimeSpan"/>s here and nanoseconds on the wire.
/// </summary>
/// <param name="Name">Stream name (no dots, spaces or wildcards).</param>
/// <param name="Subjects">Subjects (wildcards allowed) whose messages the stream stores.</param>
public sealed record StreamConfig(string Name, IReadOnlyList<string> Subjects)
{
    /// <summary>Optional human-readable description.</summary>
    public string? Description { get; init; }

    /// <summary>When messages may be removed.</summary>
    public StreamRetention Retention { get; init; } = StreamRetention.Limits;

    /// <summary>File or memory.</summary>
    public StreamStorage Storage { get; init; } = StreamStorage.File;

    /// <summary>Maximum number of consumers, -1 for unlimited.</summary>
    public int MaxConsumers { get; init; } = -1;

    /// <summary>Maximum number of messages, -1 for unlimited.</summary>
    public long MaxMsgs { get; init; } = -1;

    /// <summary>Maximum total size in bytes, -1 for unlimited.</summary>
    public long MaxBytes { get; init; } = -1;

    /// <summary>Maximum message age, <see cref="TimeSpan.Zero"/> for unlimited.</summary>
    public TimeSpan MaxAge { get; init; }

    /// <summary>Maximum messages kept per subject, -1 for unlimited.</summary>
    public long MaxMsgsPerSubject { get; init; } = -1;

    /// <summary>Largest accepted message in bytes, -1 for the server's limit.</summary>
    public int MaxMsgSize { get; init; } = -1;

    /// <summary>What to do when a limit is reached.</summary>
    public StreamDiscard Discard { get; init; } = StreamDiscard.Old;

    /// <summary>Replicas in a cluster (1 on a single server).</summary>
    public int NumReplicas { get; init; } = 1;

    /// <summary>How long a <c>Nats-Msg-Id</c> is remembered to drop duplicate publishes.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Forbid deleting single messages.</summary>
    public bool DenyDelete { get; init; }

    /// <summary>Forbid purging the stream.</summary>
    public bool DenyPurge { get; init; }
}
