using System.Diagnostics;
using System.Globalization;
using NATS.Client.JetStream;
using Orders.Configuration;
using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Drivers;
using Orders.UpdateStatus.Updates;

namespace Orders.UpdateStatus.Follow;

/// <summary>
/// Works the queue like an operator: every order seen paid is shipped (or, for a seeded share,
/// cancelled) after the ship delay, every order seen shipped is delivered after the deliver
/// delay. Each update carries the version it was planned from as <c>expectedVersion</c>, so an
/// order that changed meanwhile is refused instead of overwritten; a planned update whose order
/// has already moved on in the stream is dropped before sending ("superseded").
/// </summary>
/// <remarks>
/// One loop does everything (events, due updates, timeouts), so the state needs no locks.
/// With <see cref="FollowOptions.FromStart"/> nothing is sent until the replay has caught up
/// with the stream, otherwise orders long delivered would be "shipped" again.
/// </remarks>
internal sealed class FollowOperator(FollowOptions options, NatsOptions nats, Func<UpdateOutcome, ValueTask> report)
{
    private static readonly TimeSpan MaxIdleWait = TimeSpan.FromSeconds(1);

    private readonly Random _random = new(options.Seed);
    private readonly Dictionary<string, int> _versions = new(StringComparer.Ordinal);
    private readonly PriorityQueue<PlannedUpdate, long> _due = new();
    private readonly Dictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _rejected = new(StringComparer.Ordinal);
    private int _actions;
    private int _shipped;
    private int _delivered;
    private int _cancelled;
    private int _noOutcome;
    private int _superseded;
    private bool _caughtUp;
    private ulong _replayEnd;

    private bool ActionsExhausted => options.MaxActions is { } max && _actions >= max;

    private bool Finished => ActionsExhausted && _inFlight.Count == 0;

    public async Task<FollowSummary> RunAsync(DriverConnection connection, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await PrepareReplayAsync(connection, ct).ConfigureAwait(false);
        await using var watch = await OrderEventWatch.StartAsync(connection, options.FromStart, ct).ConfigureAwait(false);
        var publisher = new StatusCommandPublisher(connection);
        var interrupted = false;
        try
        {
            while (!Finished)
            {
                await SendDueAsync(publisher, ct).ConfigureAwait(false);
                await ExpireAsync().ConfigureAwait(false);
                if (Finished)
                {
                    break;
                }

                if (await NextEventAsync(watch, NextWakeUp(), ct).ConfigureAwait(false) is { } observed)
                {
                    await HandleAsync(observed).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            interrupted = true;
        }

        return new FollowSummary(_actions, _shipped, _delivered, _cancelled, new Dictionary<string, int>(_rejected), _noOutcome, _superseded,
            Stopwatch.GetElapsedTime(started).TotalSeconds, interrupted);
    }

    /// <summary>Notes where the stream ends now: the replay has caught up once it passes that point.</summary>
    private async Task PrepareReplayAsync(DriverConnection connection, CancellationToken ct)
    {
        if (!options.FromStart)
        {
            _caughtUp = true;
            return;
        }

        try
        {
            var state = (await connection.JetStream.GetStreamAsync(Streams.Names.Orders, cancellationToken: ct).ConfigureAwait(false)).Info.State;
            _replayEnd = state.LastSeq;
            _caughtUp = state.Messages == 0;
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == Problems.StreamNotFoundErrCode)
        {
            throw Problems.StreamMissing(Streams.Names.Orders, nats, ex);
        }
        catch (Exception ex) when (connection.Describe(ex) is { } problem)
        {
            throw problem;
        }
    }

    private async Task HandleAsync(ObservedOrderEvent observed)
    {
        if (observed.Version is { } version)
        {
            _versions[observed.OrderId] = Math.Max(version, _versions.GetValueOrDefault(observed.OrderId));
        }

        if (!_caughtUp && (observed.Pending == 0 || observed.StreamSequence >= _replayEnd))
        {
            _caughtUp = true;
        }

        if (observed.RequestId is { } requestId && _inFlight.Remove(requestId, out var flight))
        {
            var kind = observed.Event is OrderUpdateRejected ? OutcomeKind.Rejected : OutcomeKind.Applied;
            await SettleAsync(new UpdateOutcome(flight.Request, kind, observed, Stopwatch.GetElapsedTime(flight.SentAt, observed.ReceivedAt))).ConfigureAwait(false);
        }

        switch (observed.Event)
        {
            case OrderPaid paid:
                var status = _random.NextDouble() < options.CancelShare ? OrderStatus.Cancelled : OrderStatus.Shipped;
                Plan(paid.OrderId, status, paid.Version, options.ShipDelay);
                break;
            case OrderShipped shipped:
                Plan(shipped.OrderId, OrderStatus.Delivered, shipped.Version, options.DeliverDelay);
                break;
        }
    }

    private void Plan(string orderId, OrderStatus status, int fromVersion, TimeSpan delay)
    {
        var due = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        _due.Enqueue(new PlannedUpdate(orderId, status, fromVersion), due);
    }

    private async Task SendDueAsync(StatusCommandPublisher publisher, CancellationToken ct)
    {
        if (!_caughtUp)
        {
            return;
        }

        while (_due.TryPeek(out var planned, out var due) && due <= Stopwatch.GetTimestamp())
        {
            if (ActionsExhausted)
            {
                _due.Clear();
                return;
            }

            _due.Dequeue();
            if (_versions.GetValueOrDefault(planned.OrderId) != planned.FromVersion)
            {
                _superseded++;
                continue;
            }

            var request = new StatusRequest(NextRequestId(), planned.OrderId, planned.Status, planned.FromVersion);
            var flight = new InFlight(request, Stopwatch.GetTimestamp());
            // Registered before publishing: the outcome can be on its way before the ack is.
            _inFlight[request.RequestId] = flight;
            _actions++;
            var ack = await publisher.PublishAsync(request, ct).ConfigureAwait(false);
            if (ack.Duplicate && _inFlight.Remove(request.RequestId))
            {
                await SettleAsync(new UpdateOutcome(request, OutcomeKind.AlreadySent, null, Stopwatch.GetElapsedTime(flight.SentAt))).ConfigureAwait(false);
            }
        }
    }

    private async Task ExpireAsync()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var (requestId, flight) in _inFlight.Where(f => Stopwatch.GetElapsedTime(f.Value.SentAt, now) >= options.OutcomeTimeout).ToList())
        {
            _inFlight.Remove(requestId);
            await SettleAsync(new UpdateOutcome(flight.Request, OutcomeKind.NoOutcome, null, Stopwatch.GetElapsedTime(flight.SentAt, now))).ConfigureAwait(false);
        }
    }

    private ValueTask SettleAsync(UpdateOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Applied when outcome.Request.Status == OrderStatus.Shipped:
                _shipped++;
                break;
            case OutcomeKind.Applied when outcome.Request.Status == OrderStatus.Delivered:
                _delivered++;
                break;
            case OutcomeKind.Applied:
                _cancelled++;
                break;
            case OutcomeKind.Rejected:
                var reason = outcome.Rejection?.Reason ?? "unknown";
                _rejected[reason] = _rejected.GetValueOrDefault(reason) + 1;
                break;
            default:
                _noOutcome++;
                break;
        }

        return report(outcome);
    }

    /// <summary>Until the next planned update or outcome deadline, at most a second.</summary>
    private TimeSpan NextWakeUp()
    {
        var now = Stopwatch.GetTimestamp();
        var wake = now + (long)(MaxIdleWait.TotalSeconds * Stopwatch.Frequency);
        if (_caughtUp && _due.TryPeek(out _, out var due))
        {
            wake = Math.Min(wake, due);
        }

        foreach (var flight in _inFlight.Values)
        {
            wake = Math.Min(wake, flight.SentAt + (long)(options.OutcomeTimeout.TotalSeconds * Stopwatch.Frequency));
        }

        return wake <= now ? TimeSpan.Zero : Stopwatch.GetElapsedTime(now, wake);
    }

    private static async Task<ObservedOrderEvent?> NextEventAsync(OrderEventWatch watch, TimeSpan wait, CancellationToken ct)
    {
        if (watch.Events.TryRead(out var ready))
        {
            return ready;
        }

        if (wait <= TimeSpan.Zero)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        try
        {
            if (!await watch.Events.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                throw new DriverException("the watch on ORDERS ended (connection closed?) — run again once NATS is back");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }

        return watch.Events.TryRead(out var observed) ? observed : null;
    }

    private string NextRequestId() => string.Create(CultureInfo.InvariantCulture, $"{options.RequestPrefix}-{_actions + 1}");

    private sealed record PlannedUpdate(string OrderId, OrderStatus Status, int FromVersion);

    private sealed record InFlight(StatusRequest Request, long SentAt);
}
