namespace Orders.Monitor.Watching;

/// <summary>Where a <see cref="StreamWatcher"/> is; shown by <c>/healthz</c>.</summary>
internal enum StreamWatcherState
{
    Starting,

    /// <summary>The stream does not exist yet (the monitor may not create streams; a service will).</summary>
    WaitingForStream,

    /// <summary>Its consumer exists and messages flow.</summary>
    Watching,

    /// <summary>The consumer was lost (reconnect, server restart) or NATS is unreachable; re-creating it.</summary>
    Recovering,
}
