using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Orders.Monitor.Watching;

/// <summary>
/// Watches one stream through an ephemeral NATS.Net push consumer and writes every message,
/// decoded, to the monitor's event channel. It remembers the next stream sequence it expects, so
/// whenever the consumer has to be created again (a reconnect, a server restart that took the
/// ephemeral consumer with it, missed heartbeats, a gap in the consumer sequence) the new one
/// starts exactly where the old one stopped: nothing missed, nothing shown twice. That is what an
/// ordered consumer does, by hand, with an ephemeral push consumer that needs only the
/// server-named create (<c>$JS.API.CONSUMER.CREATE.&lt;stream&gt;</c>) and flow control. Ephemeral, because the monitor keeps no position on the server: no ack traffic (ack policy
/// none), nothing left behind (the server removes the consumer once nobody listens for
/// <see cref="InactiveThreshold"/>, and at a restart). The server names it
/// (<c>$JS.API.CONSUMER.CREATE.&lt;stream&gt;</c>) and delivers to an inbox of the monitor.
/// </summary>
internal sealed partial class StreamWatcher(INatsJSContext js, string stream, bool replay, TimeSpan idleHeartbeat, ILogger<StreamWatcher> logger)
{
    private static readonly TimeSpan RetryFirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a consumer outlives its subscription (e.g. a monitor that crashed).</summary>
    private static readonly TimeSpan InactiveThreshold = TimeSpan.FromSeconds(30);

    /// <summary>JetStream's error code for "stream not found".</summary>
    private const int StreamNotFound = 10059;

    // Replaced (and cancelled) on every reconnect; each consumer attempt links to the current one.
    private CancellationTokenSource _reconnected = new();
    private ulong? _nextSequence;
    private volatile string? _consumer;

    public string Stream => stream;

    private long _stateSince = System.Diagnostics.Stopwatch.GetTimestamp();
    private StreamWatcherState _state = StreamWatcherState.Starting;

    public StreamWatcherState State
    {
        get => _state;
        private set
        {
            if (_state != value)
            {
                _state = value;
                Volatile.Write(ref _stateSince, System.Diagnostics.Stopwatch.GetTimestamp());
            }
        }
    }

    /// <summary>How long the watcher has been in <see cref="State"/>: <c>/healthz</c> turns unhealthy when it is not watching for too long.</summary>
    public TimeSpan TimeInState => System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref _stateSince));

    /// <summary>The server's name of the current consumer; null while there is none.</summary>
    public string? Consumer => _consumer;

    /// <summary>Makes the watcher drop its consumer and create a new one from where it stopped (call after a reconnect).</summary>
    public void Reconnected() => Interlocked.Exchange(ref _reconnected, new CancellationTokenSource()).Cancel();

    /// <summary>Runs until <paramref name="ct"/> is cancelled; failures are logged and retried, never thrown.</summary>
    public async Task RunAsync(ChannelWriter<MonitorEvent> output, CancellationToken ct)
    {
        var delay = RetryFirstDelay;
        while (!ct.IsCancellationRequested)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct, Volatile.Read(ref _reconnected).Token);
            var lost = new ConsumerLoss();
            string? consumer = null;
            try
            {
                _nextSequence ??= replay ? 1 : await NextNewSequenceAsync(attempt.Token).ConfigureAwait(false);
                var created = await js.CreatePushConsumerAsync(stream, ConsumerOptsFrom(_nextSequence.Value), attempt.Token).ConfigureAwait(false);
                consumer = created.Info.Name;
                _consumer = consumer;
                State = StreamWatcherState.Watching;
                delay = RetryFirstDelay;
                LogWatching(stream, consumer, _nextSequence.Value);

                // Missed heartbeats do not end ConsumeAsync (it waits for the server to come
                // back); here they mean the consumer may be gone, so this attempt ends.
                var consumeOpts = new NatsJSConsumeOpts
                {
                    NotificationHandler = (notification, _) =>
                    {
                        if (notification is NatsJSTimeoutNotification && lost.Set("missed idle heartbeats"))
                        {
                            CancelQuietly(attempt);
                        }

                        return Task.CompletedTask;
                    },
                };

                // The consumer's own sequence counts 1, 2, 3, ... per delivery: a jump means
                // NATS.Net dropped messages (its subscription buffer was full) and they must be
                // fetched again; the stream sequence alone cannot tell, a stream may have gaps.
                ulong expected = 1;
                await foreach (var msg in created.ConsumeAsync(NatsRawSerializer<byte[]>.Default, consumeOpts, attempt.Token).ConfigureAwait(false))
                {
                    if (msg.Metadata is not { } metadata)
                    {
                        continue;
                    }

                    if (metadata.Sequence.Consumer != expected)
                    {
                        lost.Set($"consumer sequence {metadata.Sequence.Consumer} where {expected} was due");
                        break;
                    }

                    expected++;
                    var sequence = metadata.Sequence.Stream;
                    if (sequence < _nextSequence)
                    {
                        continue;
                    }

                    _nextSequence = sequence + 1;
                    var observed = new ObservedMessage(stream, sequence, msg.Subject, metadata.Timestamp, msg.Headers, msg.Data ?? []);
                    await output.WriteAsync(MessageDecoder.Decode(observed), ct).ConfigureAwait(false);
                }

                // NATS.Net ends the enumeration quietly when its token is cancelled: make a
                // cancelled attempt (stop, reconnect, missed heartbeats) take its own path below.
                attempt.Token.ThrowIfCancellationRequested();

                // Ended without cancellation: a gap (re-created at once), or the subscription
                // ended on its own (re-created after a pause, so a persistent cause cannot spin).
                State = StreamWatcherState.Recovering;
                LogConsumerLost(stream, consumer, lost.Reason ?? "the subscription ended", _nextSequence);
                if (lost.Reason is null)
                {
                    delay = await PauseAsync(delay, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException) when (lost.Reason is not null)
            {
                State = StreamWatcherState.Recovering;
                LogConsumerLost(stream, consumer, lost.Reason, _nextSequence);
            }
            catch (OperationCanceledException)
            {
                State = StreamWatcherState.Recovering;
                LogReconnected(stream, _nextSequence);
            }
            catch (NatsJSApiException ex) when (ex.Error.ErrCode == StreamNotFound)
            {
                if (State != StreamWatcherState.WaitingForStream)
                {
                    LogWaitingForStream(stream); // once, not at every retry
                }

                State = StreamWatcherState.WaitingForStream;
                delay = await PauseAsync(delay, ct).ConfigureAwait(false);
            }
            catch (NatsJSProtocolException ex)
            {
                // ConsumeAsync ends this way on a terminal status from the server (e.g. 409 Consumer Deleted).
                State = StreamWatcherState.Recovering;
                LogConsumerLost(stream, consumer, ex.Message, _nextSequence);
            }
            catch (Exception ex) when (ex is NatsException or TimeoutException)
            {
                State = StreamWatcherState.Recovering;
                LogFailed(ex, stream, delay.TotalMilliseconds);
                delay = await PauseAsync(delay, ct).ConfigureAwait(false);
            }
            finally
            {
                _consumer = null;
                if (consumer is not null)
                {
                    await TryDeleteAsync(consumer).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>A push consumer over the whole stream, starting at stream sequence <paramref name="startSequence"/>.</summary>
    private NatsJSPushConsumerOpts ConsumerOptsFrom(ulong startSequence) => new()
    {
        Description = "orders monitor (read-only)",
        DeliverSubject = js.NewBaseInbox(),
        DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
        OptStartSeq = Math.Max(1, startSequence),
        AckPolicy = ConsumerConfigAckPolicy.None,
        IdleHeartbeat = idleHeartbeat,
        FlowControl = true,
        InactiveThreshold = InactiveThreshold,
    };

    /// <summary>Watching "from now on" means from the stream's next sequence at start-up (kept across consumer re-creations).</summary>
    private async Task<ulong> NextNewSequenceAsync(CancellationToken ct)
    {
        var info = await js.GetStreamAsync(stream, cancellationToken: ct).ConfigureAwait(false);
        return info.Info.State.LastSeq + 1;
    }

    /// <summary>Ephemeral consumers expire on their own; deleting them at once just keeps the server tidy.</summary>
    private async Task TryDeleteAsync(string consumer)
    {
        try
        {
            using var timeout = new CancellationTokenSource(DeleteTimeout);
            await js.DeleteConsumerAsync(stream, consumer, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException or TimeoutException)
        {
            LogDeleteFailed(stream, consumer, ex.Message);
        }
    }

    /// <summary>A late notification may arrive after its attempt ended and was disposed.</summary>
    private static void CancelQuietly(CancellationTokenSource attempt)
    {
        try
        {
            attempt.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That attempt is over already.
        }
    }

    private static async Task<TimeSpan> PauseAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends the watcher.
        }

        return TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, RetryMaxDelay.Ticks));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Stream} with consumer {Consumer} from sequence {Sequence}")]
    private partial void LogWatching(string stream, string consumer, ulong sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnected: re-creating the {Stream} consumer from sequence {Sequence}")]
    private partial void LogReconnected(string stream, ulong? sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream} does not exist yet; waiting for a service to create it")]
    private partial void LogWaitingForStream(string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} on {Stream} is lost ({Reason}); re-creating it from sequence {Sequence}")]
    private partial void LogConsumerLost(string stream, string? consumer, string reason, ulong? sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching {Stream} failed; retrying in {DelayMs} ms")]
    private partial void LogFailed(Exception exception, string stream, double delayMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not delete consumer {Consumer} on {Stream} ({Error}); it expires on its own")]
    private partial void LogDeleteFailed(string stream, string consumer, string error);

    /// <summary>Why an attempt gave its consumer up, set from NATS.Net's notification thread or the loop.</summary>
    private sealed class ConsumerLoss
    {
        private string? _reason;

        public string? Reason => Volatile.Read(ref _reason);

        /// <summary>Records the first reason only; true when this call was the first.</summary>
        public bool Set(string reason) => Interlocked.CompareExchange(ref _reason, reason, null) is null;
    }
}
