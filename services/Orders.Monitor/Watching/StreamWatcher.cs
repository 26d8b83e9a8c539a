using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.Monitor.Watching;

/// <summary>
/// Watches one stream through an ephemeral push consumer and writes every message, decoded, to
/// the monitor's event channel. It remembers the next stream sequence it expects, so whenever the
/// consumer has to be created again (a reconnect, a server restart that took the ephemeral
/// consumer with it) the new one starts exactly where the old one stopped: nothing missed, nothing
/// shown twice. Ephemeral, because the monitor keeps no position on the server: no ack traffic
/// (ack policy none), nothing left behind (the server removes the consumer once nobody listens for
/// <see cref="InactiveThreshold"/>, and at a restart). The read-only <c>monitor</c> user may
/// create only such consumers (<c>$JS.API.CONSUMER.CREATE.&lt;stream&gt;</c>).
/// </summary>
internal sealed partial class StreamWatcher(NatsJSContext js, string stream, bool replay, TimeSpan idleHeartbeat, ILogger<StreamWatcher> logger)
{
    private static readonly TimeSpan RetryFirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a consumer outlives its subscription (e.g. a monitor that crashed).</summary>
    private static readonly TimeSpan InactiveThreshold = TimeSpan.FromSeconds(30);

    // Replaced (and cancelled) on every reconnect; each consumer attempt links to the current one.
    private CancellationTokenSource _reconnected = new();
    private ulong? _nextSequence;

    public string Stream => stream;

    public StreamWatcherState State { get; private set; } = StreamWatcherState.Starting;

    /// <summary>The stream sequence of the next message to show; null until the start position is known.</summary>
    public ulong? NextSequence => _nextSequence;

    /// <summary>Makes the watcher drop its consumer and create a new one from where it stopped (call after a reconnect).</summary>
    public void Reconnected() => Interlocked.Exchange(ref _reconnected, new CancellationTokenSource()).Cancel();

    /// <summary>Runs until <paramref name="ct"/> is cancelled; failures are logged and retried, never thrown.</summary>
    public async Task RunAsync(ChannelWriter<MonitorEvent> output, CancellationToken ct)
    {
        var delay = RetryFirstDelay;
        while (!ct.IsCancellationRequested)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct, Volatile.Read(ref _reconnected).Token);
            string? consumer = null;
            var consumerGone = false;
            try
            {
                _nextSequence ??= replay ? 1 : await NextNewSequenceAsync(attempt.Token).ConfigureAwait(false);
                var deliverSubject = $"_deliver.monitor.{stream}.{Guid.NewGuid():N}";
                var info = await js.CreateEphemeralConsumerAsync(stream, ConsumerConfigFrom(_nextSequence.Value, deliverSubject), attempt.Token).ConfigureAwait(false);
                consumer = info.Name;
                State = StreamWatcherState.Watching;
                delay = RetryFirstDelay;
                LogWatching(stream, consumer, _nextSequence.Value);

                // Flow control is answered and heartbeats watched inside; a consumer lost with a
                // server restart ends it with NatsJSConsumerNotFoundException (re-created below).
                await foreach (var msg in js.ConsumePushAsync(info, attempt.Token).ConfigureAwait(false))
                {
                    var sequence = msg.Metadata.Sequence.Stream;
                    if (sequence < _nextSequence)
                    {
                        continue;
                    }

                    _nextSequence = sequence + 1;
                    var observed = new ObservedMessage(stream, sequence, msg.Subject, msg.Metadata.Timestamp, msg.Headers, msg.Data);
                    await output.WriteAsync(MessageDecoder.Decode(observed), ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException)
            {
                State = StreamWatcherState.Recovering;
                LogReconnected(stream, _nextSequence);
            }
            catch (NatsJSStreamNotFoundException)
            {
                if (State != StreamWatcherState.WaitingForStream)
                {
                    LogWaitingForStream(stream); // once, not at every retry
                }

                State = StreamWatcherState.WaitingForStream;
                delay = await PauseAsync(delay, ct).ConfigureAwait(false);
            }
            catch (NatsJSConsumerNotFoundException)
            {
                consumerGone = true;
                State = StreamWatcherState.Recovering;
                LogConsumerGone(stream, consumer, _nextSequence);
            }
            catch (NatsException ex)
            {
                State = StreamWatcherState.Recovering;
                LogFailed(ex, stream, delay.TotalMilliseconds);
                delay = await PauseAsync(delay, ct).ConfigureAwait(false);
            }
            finally
            {
                if (consumer is not null && !consumerGone)
                {
                    await TryDeleteAsync(consumer).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>A push consumer over the whole stream, starting at stream sequence <paramref name="startSequence"/>.</summary>
    private ConsumerConfig ConsumerConfigFrom(ulong startSequence, string deliverSubject) => new(DurableName: string.Empty)
    {
        Description = "orders monitor (read-only)",
        DeliverPolicy = ConsumerDeliverPolicy.ByStartSequence,
        OptStartSeq = Math.Max(1, startSequence),
        AckPolicy = ConsumerAckPolicy.None,
        MaxAckPending = 0, // the server refuses a limit on acks nobody sends
        DeliverSubject = deliverSubject,
        IdleHeartbeat = idleHeartbeat,
        FlowControl = true,
        InactiveThreshold = InactiveThreshold,
        MemStorage = true,
    };

    /// <summary>Watching "from now on" means from the stream's next sequence at start-up (kept across consumer re-creations).</summary>
    private async Task<ulong> NextNewSequenceAsync(CancellationToken ct)
    {
        var info = await js.GetStreamAsync(stream, ct).ConfigureAwait(false);
        return info.State.LastSeq + 1;
    }

    /// <summary>Ephemeral consumers expire on their own; deleting them at once just keeps the server tidy.</summary>
    private async Task TryDeleteAsync(string consumer)
    {
        try
        {
            using var timeout = new CancellationTokenSource(DeleteTimeout);
            await js.DeleteConsumerAsync(stream, consumer, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException)
        {
            LogDeleteFailed(stream, consumer, ex.Message);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} on {Stream} is gone (server restart?); re-creating it from sequence {Sequence}")]
    private partial void LogConsumerGone(string stream, string? consumer, ulong? sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching {Stream} failed; retrying in {DelayMs} ms")]
    private partial void LogFailed(Exception exception, string stream, double delayMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not delete consumer {Consumer} on {Stream} ({Error}); it expires on its own")]
    private partial void LogDeleteFailed(string stream, string consumer, string error);
}
