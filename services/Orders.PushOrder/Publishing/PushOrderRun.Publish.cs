using System.Diagnostics;
using Orders.Drivers;
using Orders.Nats;
using Orders.Nats.JetStream;
using Orders.PushOrder.Metrics;
using Orders.PushOrder.Workload;

namespace Orders.PushOrder.Publishing;

internal sealed partial class PushOrderRun
{
    // After Ctrl-C, acks already on their way get this long before the summary is printed.
    private static readonly TimeSpan InterruptedAckGrace = TimeSpan.FromSeconds(2);

    private async Task<PublishResult> PublishAllAsync(NatsConnection connection, CancellationToken ct)
    {
        var result = new PublishResult();
        var js = new NatsJSContext(connection);
        var publisher = await js.CreatePublisherAsync(_options.Concurrency, ct).ConfigureAwait(false);
        var pacer = _options.Rate > 0 ? new Pacer(_options.Rate) : null;
        var acks = new List<Task>(_commands.Count);
        try
        {
            foreach (var command in _commands)
            {
                if (pacer is not null)
                {
                    await pacer.WaitTurnAsync(ct).ConfigureAwait(false);
                }

                var sentAt = Stopwatch.GetTimestamp();
                if (command.Kind == CommandKind.Order)
                {
                    Tracker.Sent(command.OrderId!, sentAt);
                }

                var ack = await publisher.PublishAsync(command.Subject, command.Payload, new NatsJSPubOpts { MsgId = command.MsgId }, ct: ct).ConfigureAwait(false);
                Counters.OnPublished();
                result.Published(command.Kind, sentAt);
                if (acks.Count == 0)
                {
                    // The first ack is awaited alone: a missing stream, JetStream being off or a
                    // refused subject then shows as one clear line instead of N failures.
                    await PreflightAsync(ack).ConfigureAwait(false);
                }

                acks.Add(TrackAckAsync(command, ack, sentAt, result));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            result.Interrupted = true;
        }

        try
        {
            var all = Task.WhenAll(acks);
            await (result.Interrupted ? all.WaitAsync(InterruptedAckGrace, CancellationToken.None) : all).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Interrupted: the summary reports what was acked so far.
        }
        finally
        {
            result.LastAckAt = Stopwatch.GetTimestamp();
            if (!result.Interrupted)
            {
                await publisher.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                _ = publisher.DisposeAsync().AsTask();
            }
        }

        return result;
    }

    private async Task PreflightAsync(Task<PubAckResponse> ack)
    {
        try
        {
            await ack.ConfigureAwait(false);
        }
        catch (NatsJSNotAvailableException ex)
        {
            throw Problems.NoCommandsStream(_nats, ex);
        }
        catch (NatsTimeoutException ex)
        {
            throw new DriverException(
                $"no JetStream ack for {ex.Subject} from {_nats.DisplayUrl} within {Durations.Describe(ex.Timeout)} — is user '{_nats.User}' allowed to publish it and is the system running? (./run.sh up)", ex);
        }
        catch (Exception ex) when (Problems.Describe(ex, _nats) is { } problem)
        {
            throw problem;
        }
        catch (Exception)
        {
            // Any other refusal is specific to this message: counted like every later failure.
        }
    }

    private async Task TrackAckAsync(OutgoingCommand command, Task<PubAckResponse> ack, long sentAt, PublishResult result)
    {
        try
        {
            var response = await ack.ConfigureAwait(false);
            result.Latency.RecordBetween(sentAt, Stopwatch.GetTimestamp());
            Counters.OnAcked(response.Duplicate);
            if (command.Kind == CommandKind.Order && !response.Duplicate)
            {
                Tracker.Awaiting(command.OrderId!);
            }
        }
        catch (Exception ex)
        {
            Counters.OnFailed();
            result.RecordError($"{command.Subject} {command.MsgId}: {ex.Message}");
        }
    }

    /// <summary>What the publish phase did, beyond the live counters.</summary>
    private sealed class PublishResult
    {
        private readonly int[] _byKind = new int[Enum.GetValues<CommandKind>().Length];
        private string? _firstError;

        public LatencyRecorder Latency { get; } = new();

        public bool Interrupted { get; set; }

        public long FirstSentAt { get; private set; }

        public long LastAckAt { get; set; }

        public string? FirstError => Volatile.Read(ref _firstError);

        public double Seconds => FirstSentAt == 0 ? 0 : Stopwatch.GetElapsedTime(FirstSentAt, LastAckAt).TotalSeconds;

        public int PublishedOf(CommandKind kind) => _byKind[(int)kind];

        public void Published(CommandKind kind, long sentAt)
        {
            _byKind[(int)kind]++;
            if (FirstSentAt == 0)
            {
                FirstSentAt = sentAt;
            }
        }

        public void RecordError(string error) => Interlocked.CompareExchange(ref _firstError, error, null);
    }
}
