using System.Diagnostics;
using Orders.Configuration;
using Orders.Drivers;
using Orders.PushOrder.Workload;

namespace Orders.PushOrder.Publishing;

/// <summary>
/// One run of push-order: optionally start watching ORDERS, publish the workload with pipelined
/// acks, optionally wait for the outcomes, and summarise. Cancelling the token (Ctrl-C) stops
/// publishing and waiting; the summary then covers what happened so far.
/// </summary>
internal sealed partial class PushOrderRun
{
    private readonly PushOrderOptions _options;
    private readonly NatsOptions _nats;
    private readonly OrderGenerator _generator;
    private readonly IReadOnlyList<OutgoingCommand> _commands;

    public PushOrderRun(PushOrderOptions options, NatsOptions nats)
    {
        _options = options;
        _nats = nats;
        _generator = new OrderGenerator(options.Workload);
        _commands = [.. _generator.Commands(options.Count, options.Bad)];
        Counters = new RunCounters(_commands.Count, options.Wait);
        Tracker = new OutcomeTracker(Counters);
    }

    /// <summary>Live figures for the progress display.</summary>
    public RunCounters Counters { get; }

    private OutcomeTracker Tracker { get; }

    public async Task<PushOrderSummary> RunAsync(DriverConnection nats, CancellationToken ct)
    {
        OrderEventWatch? watch = null;
        using var stopObserving = new CancellationTokenSource();
        Task observing = Task.CompletedTask;
        try
        {
            if (_options.Wait)
            {
                // Before the first publish: the consumer only sees what is stored after it exists.
                watch = await OrderEventWatch.StartAsync(nats, fromStart: false, ct).ConfigureAwait(false);
                observing = ObserveAsync(watch, stopObserving.Token);
            }

            var publishing = await PublishAllAsync(nats, ct).ConfigureAwait(false);
            Tracker.PublishingFinished();
            var interrupted = publishing.Interrupted;
            var timedOut = false;
            if (_options.Wait && !interrupted)
            {
                (interrupted, timedOut) = await WaitForOutcomesAsync(observing, ct).ConfigureAwait(false);
            }

            return Summarize(publishing, interrupted, timedOut);
        }
        finally
        {
            await stopObserving.CancelAsync().ConfigureAwait(false);
            await observing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (watch is not null)
            {
                await watch.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task ObserveAsync(OrderEventWatch watch, CancellationToken ct)
    {
        await foreach (var observed in watch.Events.ReadAllAsync(ct).ConfigureAwait(false))
        {
            Tracker.Observe(observed);
        }
    }

    private async Task<(bool Interrupted, bool TimedOut)> WaitForOutcomesAsync(Task observing, CancellationToken ct)
    {
        try
        {
            // A watch that ends (consumer lost, connection closed) ends the wait with its reason,
            // instead of the run waiting out the timeout for outcomes it can no longer see.
            var first = await Task.WhenAny(Tracker.AllSettled, observing).WaitAsync(_options.WaitTimeout, ct).ConfigureAwait(false);
            if (first == observing && !Tracker.AllSettled.IsCompleted)
            {
                await observing.ConfigureAwait(false);
                throw new DriverException($"the watch on ORDERS at {_nats.DisplayUrl} ended before every outcome arrived — run again");
            }

            return (false, false);
        }
        catch (TimeoutException)
        {
            return (false, true);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return (true, false);
        }
    }

    private PushOrderSummary Summarize(PublishResult publishing, bool interrupted, bool timedOut)
    {
        WaitSummary? wait = null;
        if (_options.Wait)
        {
            var lastOutcome = Tracker.LastOutcomeAt;
            var seconds = lastOutcome == 0 || publishing.FirstSentAt == 0 ? 0 : Stopwatch.GetElapsedTime(publishing.FirstSentAt, lastOutcome).TotalSeconds;
            wait = new WaitSummary((int)Counters.Awaited, Counters.Paid, Counters.PaymentFailed, Tracker.Outstanding, timedOut, Tracker.EndToEnd.Summarize(), seconds);
        }

        return new PushOrderSummary(
            _options.Workload.Prefix,
            _options.Workload.Seed,
            publishing.PublishedOf(CommandKind.Order),
            _commands.Take((int)Counters.Published).Count(c => c.Kind == CommandKind.Order && c.AboveDeclineLimit),
            publishing.PublishedOf(CommandKind.Resend),
            publishing.PublishedOf(CommandKind.Malformed),
            Counters.Published,
            Counters.Acked,
            Counters.StreamDuplicates,
            Counters.Failed,
            publishing.FirstError,
            publishing.Latency.Summarize(),
            publishing.Seconds,
            wait,
            interrupted);
    }
}
