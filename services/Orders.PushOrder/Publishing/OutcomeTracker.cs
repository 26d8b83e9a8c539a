using Orders.Contracts;
using Orders.Drivers;
using Orders.PushOrder.Metrics;

namespace Orders.PushOrder.Publishing;

/// <summary>
/// Matches the payment outcomes seen on ORDERS (<c>orders.paid</c>, <c>orders.payment-failed</c>)
/// to the orders this run published, records the end-to-end latency of each (first publish to
/// outcome received) and completes <see cref="AllSettled"/> once publishing is over and every
/// awaited order has its outcome. An outcome may arrive before its publish ack is processed, so
/// outcomes and acks are recorded in any order.
/// </summary>
internal sealed class OutcomeTracker(RunCounters counters)
{
    private readonly Dictionary<string, Track> _orders = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _allSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _publishingFinished;
    private int _awaited;
    private int _settledAwaited;
    private long _lastOutcomeAt;

    public LatencyRecorder EndToEnd { get; } = new();

    public Task AllSettled => _allSettled.Task;

    /// <summary>Awaited orders still without an outcome.</summary>
    public int Outstanding
    {
        get { lock (_gate) { return _awaited - _settledAwaited; } }
    }

    /// <summary>Stopwatch timestamp of the last matched outcome; 0 when none.</summary>
    public long LastOutcomeAt
    {
        get { lock (_gate) { return _lastOutcomeAt; } }
    }

    /// <summary>The first publish of an order is about to leave.</summary>
    public void Sent(string orderId, long timestamp)
    {
        lock (_gate)
        {
            _orders.TryAdd(orderId, new Track(timestamp));
        }
    }

    /// <summary>JetStream stored the order as new: its outcome is now awaited.</summary>
    public void Awaiting(string orderId)
    {
        lock (_gate)
        {
            if (!_orders.TryGetValue(orderId, out var track) || track.Awaited)
            {
                return;
            }

            track.Awaited = true;
            _awaited++;
            if (track.OutcomeAt != 0)
            {
                _settledAwaited++;
            }

            counters.OnAwaited();
            CheckSettled();
        }
    }

    public void Observe(ObservedOrderEvent observed)
    {
        if (!observed.IsPaymentOutcome)
        {
            return;
        }

        lock (_gate)
        {
            if (!_orders.TryGetValue(observed.OrderId, out var track) || track.OutcomeAt != 0)
            {
                return;
            }

            track.OutcomeAt = observed.ReceivedAt;
            _lastOutcomeAt = observed.ReceivedAt;
            EndToEnd.RecordBetween(track.SentAt, observed.ReceivedAt);
            if (observed.Event is OrderPaid)
            {
                counters.OnPaid();
            }
            else
            {
                counters.OnPaymentFailed();
            }

            if (track.Awaited)
            {
                _settledAwaited++;
                CheckSettled();
            }
        }
    }

    public void PublishingFinished()
    {
        lock (_gate)
        {
            _publishingFinished = true;
            CheckSettled();
        }
    }

    private void CheckSettled()
    {
        if (_publishingFinished && _settledAwaited == _awaited)
        {
            _allSettled.TrySetResult();
        }
    }

    private sealed class Track(long sentAt)
    {
        public long SentAt { get; } = sentAt;

        public bool Awaited { get; set; }

        public long OutcomeAt { get; set; }
    }
}
