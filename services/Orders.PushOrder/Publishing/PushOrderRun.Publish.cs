using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Drivers;
using Orders.PushOrder.Metrics;
using Orders.PushOrder.Workload;

namespace Orders.PushOrder.Publishing;

internal sealed partial class PushOrderRun
{
    // After Ctrl-C, acks already on their way get this long before the summary is printed.
    private static readonly TimeSpan InterruptedAckGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Publishes every command in order with at most <see cref="PushOrderOptions.Concurrency"/> acks
    /// outstanding: each publish is sent without waiting for the previous ack (NATS.Net's
    /// <c>PublishConcurrentAsync</c>: the call returns once the message is on its way, the ack is
    /// awaited later), and the next one waits only for a free slot in the window.
    /// </summary>
    private async Task<PublishResult> PublishAllAsync(DriverConnection nats, CancellationToken ct)
    {
        var result = new PublishResult();
        // Not disposed: acks still outstanding after an interrupted run give their slots back later.
        var window = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
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

                await window.WaitAsync(ct).ConfigureAwait(false);
                var sentAt = Stopwatch.GetTimestamp();
                if (command.Kind == CommandKind.Order)
                {
                    Tracker.Sent(command.OrderId!, sentAt);
                }

                NatsJSPublishConcurrentFuture future;
                var span = DriverTracing.StartPublish(command.Subject, command.OrderId);
                try
                {
                    // Raw bytes: the payload goes out exactly as generated (the malformed corpus depends on it).
                    future = await nats.JetStream.PublishConcurrentAsync(
                        command.Subject, command.Payload, NatsRawSerializer<ReadOnlyMemory<byte>>.Default, new NatsJSPubOpts { MsgId = command.MsgId }, DriverTracing.HeadersFor(span), ct)
                        .ConfigureAwait(false);
                }
                catch
                {
                    window.Release();
                    span?.Dispose();
                    throw;
                }

                Counters.OnPublished();
                result.Published(command.Kind, sentAt);
                var ack = AckAsync(future, window, span);
                if (acks.Count == 0)
                {
                    // The first ack is awaited alone: a missing stream, JetStream being off or a
                    // refused subject then shows as one clear line instead of N failures.
                    await PreflightAsync(nats, command, ack).ConfigureAwait(false);
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
        }

        return result;
    }

    /// <summary>The stream's answer to one publish; frees its window slot whatever the answer. Fails when no ack comes within the request timeout.</summary>
    private static async Task<PubAckResponse> AckAsync(NatsJSPublishConcurrentFuture future, SemaphoreSlim window, Activity? span)
    {
        // The publish span ends with the stream's answer.
        using var publishSpan = span;
        try
        {
            await using (future.ConfigureAwait(false))
            {
                return await future.GetResponseAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            window.Release();
        }
    }

    private async Task PreflightAsync(DriverConnection nats, OutgoingCommand command, Task<PubAckResponse> ack)
    {
        try
        {
            await ack.ConfigureAwait(false);
        }
        catch (NatsNoRespondersException ex)
        {
            throw Problems.NoCommandsStream(_nats, ex);
        }
        catch (Exception ex) when (Problems.IsUnanswered(ex))
        {
            throw Problems.NoAck(command.Subject, _nats, nats.DeniedSubject, ex);
        }
        catch (Exception ex) when (nats.Describe(ex) is { } problem)
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
            if (response.Error is { } error)
            {
                // The stream refused this message (e.g. a limit): a failure of this message only.
                Counters.OnFailed();
                result.RecordError($"{command.Subject} {command.MsgId}: {error.Description} (JetStream error {error.ErrCode})");
                return;
            }

            // Not EnsureSuccess(): NATS.Net throws there on a duplicate, which here is an expected
            // answer (the id was stored within the duplicate window), counted apart and not awaited.
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
