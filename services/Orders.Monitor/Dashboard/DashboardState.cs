using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Monitor.Hosting;
using Orders.Monitor.Watching;

namespace Orders.Monitor.Dashboard;

/// <summary>
/// Everything the dashboard shows, fed one event at a time: the recent feed, orders by status,
/// rates per subject, recent dead letters and the per-order index; plus the live subscribers of
/// <c>/events</c>. One lock guards it all: events arrive one at a time from the watching service
/// and every update is O(1), so the lock is never held for long.
/// </summary>
internal sealed partial class DashboardState : IMonitorEventSink
{
    /// <summary>Events a slow browser may fall behind by before it misses the oldest of them.</summary>
    private const int SubscriberBuffer = 2048;

    private readonly Lock _gate = new();
    private readonly RecentEvents _feed;
    private readonly RecentEvents _deadLetters;
    private readonly StatusBoard _statuses;
    private readonly SubjectRates _rates = new();
    private readonly OrderHistoryIndex _index;
    private readonly HashSet<Channel<MonitorEvent>> _subscribers = [];
    private readonly TimeProvider _time;
    private readonly ILogger<DashboardState> _logger;
    private long _eventsSeen;

    public DashboardState(IOptions<MonitorOptions> options, TimeProvider time, ILogger<DashboardState> logger)
    {
        var settings = options.Value;
        _statuses = new StatusBoard(settings.TrackedOrders);
        _logger = logger;
        _feed = new RecentEvents(settings.FeedSize);
        _deadLetters = new RecentEvents(settings.DeadLetterSize);
        _index = new OrderHistoryIndex(settings.IndexedOrders, settings.HistoryPerOrder);
        _time = time;
    }

    public void Accept(MonitorEvent monitorEvent)
    {
        lock (_gate)
        {
            _eventsSeen++;
            _feed.Add(monitorEvent);
            _rates.Add(monitorEvent.Subject, monitorEvent.Time, _time.GetUtcNow());
            if (monitorEvent.Kind == MonitorEventKind.DeadLetter)
            {
                _deadLetters.Add(monitorEvent);
            }

            if (monitorEvent.OrderId is { } orderId)
            {
                _index.Add(orderId, monitorEvent);
                if (monitorEvent is { Version: { } version, Status: { } status })
                {
                    var evictedBefore = _statuses.Evicted;
                    _statuses.Apply(orderId, version, status);
                    if (_statuses.Evicted != evictedBefore)
                    {
                        ReportEviction(_statuses.Evicted);
                    }
                }
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(monitorEvent);
            }
        }
    }

    /// <summary>
    /// A new live subscriber: the recent feed (oldest first) and a channel of every event after it,
    /// taken atomically so nothing is missed or doubled in between. Dispose the subscription to leave.
    /// </summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<MonitorEvent>(new BoundedChannelOptions(SubscriberBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
            return new Subscription(this, channel, _feed.ToArray());
        }
    }

    public SummaryResponse Summary(bool connected)
    {
        lock (_gate)
        {
            var deadLetters = _deadLetters.ToArray().Reverse().Select(FeedItem.From).ToArray();
            return new SummaryResponse(
                _eventsSeen,
                _statuses.OrderCount,
                _statuses.Evicted,
                _statuses.Counts(),
                [.. _rates.PerMinute(_time.GetUtcNow()).Select(r => new SubjectRateResponse(r.Subject, r.PerMinute))],
                deadLetters,
                connected);
        }
    }

    /// <summary>What is known of one order; null when the monitor has seen nothing of it (or forgot it).</summary>
    public OrderHistoryResponse? History(string orderId)
    {
        lock (_gate)
        {
            var status = _statuses.Find(orderId);
            var history = _index.Find(orderId);
            if (status is null && history is null)
            {
                return null;
            }

            return new OrderHistoryResponse(
                orderId, status?.Status.ToString(), status?.Version, [.. (history?.Events ?? []).Select(FeedItem.From)], history?.Truncated ?? false);
        }
    }

    /// <summary>
    /// Says so on the log (standard error, beside the event lines) when the status board starts
    /// forgetting orders, and again each time another board-full has been forgotten: enough to
    /// explain the counts without a line per order.
    /// </summary>
    private void ReportEviction(long evicted)
    {
        if (evicted == 1 || evicted % _statuses.Capacity == 0)
        {
            LogOrdersEvicted(evicted, _statuses.Capacity);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Orders by status: {Evicted} orders forgotten so far (least recently updated first) to keep at most {Capacity} tracked; the counts are those of the tracked orders. Raise Monitor:TrackedOrders to keep more.")]
    private partial void LogOrdersEvicted(long evicted, int capacity);

    private void Unsubscribe(Channel<MonitorEvent> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    /// <summary>One browser's view of the feed.</summary>
    internal sealed class Subscription(DashboardState owner, Channel<MonitorEvent> channel, MonitorEvent[] recent) : IDisposable
    {
        /// <summary>The feed as it was when subscribing, oldest first.</summary>
        public MonitorEvent[] Recent { get; } = recent;

        /// <summary>Every event after <see cref="Recent"/>.</summary>
        public ChannelReader<MonitorEvent> Events => channel.Reader;

        public void Dispose() => owner.Unsubscribe(channel);
    }
}
