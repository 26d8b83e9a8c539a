using System.Diagnostics;

namespace Orders.Nats.Internal;

/// <summary>A PING waiting for its PONG. Keep-alive pings have no waiter; <see cref="NatsConnection.PingAsync"/> pings do.</summary>
internal sealed class PendingPong(bool hasWaiter)
{
    private readonly long _sentAt = Stopwatch.GetTimestamp();
    private readonly TaskCompletionSource<TimeSpan>? _completion =
        hasWaiter ? new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously) : null;

    public static PendingPong KeepAlive { get; } = new(hasWaiter: false);

    public Task<TimeSpan> Task => _completion?.Task ?? throw new InvalidOperationException("Keep-alive pings have no waiter.");

    public void Complete() => _completion?.TrySetResult(Stopwatch.GetElapsedTime(_sentAt));

    public void Fail(Exception error) => _completion?.TrySetException(error);
}
