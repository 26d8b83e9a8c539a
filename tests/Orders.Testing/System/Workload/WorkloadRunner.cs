using System.Diagnostics;
using Orders.Contracts;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts.Messaging;

namespace Orders.Testing.SystemUnderTest.Workload;

/// <summary>
/// Publishes an <see cref="OrderWorkload"/> to a running <see cref="OrdersSystem"/> exactly as an
/// outside client would (the <c>driver</c> user, <c>commands.*</c>, <c>Nats-Msg-Id</c> per the
/// contract) and reacts to what the system publishes: a watcher reads ORDERS (an ordered consumer) and
/// sends each order's follow-up updates when the order is seen Created, Paid or Shipped. Submits go
/// out at a fixed rate; <see cref="Completion"/> ends when every order was seen in its final status.
/// </summary>
public sealed partial class WorkloadRunner : IAsyncDisposable
{
    private readonly OrderWorkload _workload;
    private readonly Action<string> _log;
    private readonly Dictionary<string, OrderProgress> _progress;
    private readonly Dictionary<string, List<BadMessage>> _badAfterCreated;
    private readonly List<(BadMessage Message, Task<PubAckResponse> Ack)> _badSent = [];
    private readonly List<Task<PubAckResponse>> _acks = [];
    private readonly Dictionary<string, int> _rejections = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _allFinal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(int Count, TaskCompletionSource Reached)> _createdWaiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = new();
    private NatsConnection _connection = null!;
    private NatsJSContext _js = null!;
    private Task _watching = Task.CompletedTask;
    private Task _submitting = Task.CompletedTask;
    private int _created;
    private int _final;
    private int _commands;
    private int _duplicateSubmits;
    private int _duplicateUpdates;
    private int _staleUpdates;
    private int _republished;
    private TimeSpan _allFinalAt;

    private WorkloadRunner(OrderWorkload workload, Action<string>? log)
    {
        _workload = workload;
        _log = log ?? (_ => { });
        _progress = workload.Orders.ToDictionary(o => o.OrderId, o => new OrderProgress(o), StringComparer.Ordinal);
        _badAfterCreated = workload.BadMessages
            .Where(b => b.AfterCreatedOf is not null)
            .GroupBy(b => b.AfterCreatedOf!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    /// <summary>Orders seen Created so far.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Publishes sent again because their ack did not come (same <c>Nats-Msg-Id</c>, stored once).</summary>
    public int Republished => Volatile.Read(ref _republished);

    /// <summary>Orders seen in their final status so far.</summary>
    public int Final => Volatile.Read(ref _final);

    /// <summary>Connects as <c>driver</c>, starts watching ORDERS and starts submitting.</summary>
    public static async Task<WorkloadRunner> StartAsync(OrdersSystem system, OrderWorkload workload, Action<string>? log = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(workload);
        var runner = new WorkloadRunner(workload, log);
        try
        {
            await runner.StartCoreAsync(system, ct).ConfigureAwait(false);
            return runner;
        }
        catch
        {
            await runner.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Completes once <paramref name="count"/> orders were seen Created (for injecting faults mid-run).</summary>
    public Task WhenCreatedAsync(int count)
    {
        lock (_createdWaiters)
        {
            if (_created >= count)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _createdWaiters.Add((count, waiter));
            return waiter.Task;
        }
    }

    /// <summary>
    /// Waits until every order was seen in its final status and every publish was acknowledged;
    /// then returns what was sent and the expectations. Throws after <paramref name="timeout"/>
    /// naming the orders that are not final.
    /// </summary>
    public async Task<WorkloadResult> CompleteAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        try
        {
            await Task.WhenAll(_allFinal.Task, _submitting).WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"The workload did not finish within {timeout.TotalSeconds:0}s: {Final}/{_progress.Count} orders final, {Created} created. Not final: {DescribeUnfinished()}");
        }

        var elapsed = _allFinalAt;
        await Task.WhenAll(_acks).ConfigureAwait(false);
        var expectations = new SystemExpectations();
        foreach (var order in _workload.Orders)
        {
            expectations.ExpectOrder(order.OrderId, order.Scenario.FinalStatus());
        }

        foreach (var (message, ack) in _badSent)
        {
            expectations.ExpectDeadLetter(Streams.Names.Commands, (await ack.ConfigureAwait(false)).Seq, message.Description);
        }

        lock (_rejections)
        {
            return new WorkloadResult(
                expectations,
                _workload.Orders.Count,
                Volatile.Read(ref _commands),
                _duplicateSubmits,
                _duplicateUpdates,
                _staleUpdates,
                _badSent.Count,
                new Dictionary<string, int>(_rejections, StringComparer.Ordinal),
                elapsed,
                Republished);
        }
    }

    /// <summary>Stops submitting and watching (the watcher's ordered consumer is removed as it stops) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_watching, _submitting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task StartCoreAsync(OrdersSystem system, CancellationToken ct)
    {
        _connection = await system.ConnectAsync(name: "e2e-workload", ct: ct).ConfigureAwait(false);
        _js = new NatsJSContext(_connection);

        _clock.Start();
        _watching = Task.Run(() => WatchAsync(_stop.Token), CancellationToken.None);
        _submitting = Task.Run(() => SubmitAsync(_stop.Token), CancellationToken.None);
    }

    private string DescribeUnfinished() =>
        string.Join(", ", _progress.Values.Where(p => !p.IsFinal).Take(10).Select(p => $"{p.Plan.OrderId} ({p.Plan.Scenario}, seen {p.Status?.ToString() ?? "nothing"} v{p.Version})"));

    private sealed class OrderProgress(PlannedOrder plan)
    {
        public PlannedOrder Plan { get; } = plan;

        public OrderStatus? Status { get; set; }

        public long Version { get; set; }

        public bool IsFinal { get; set; }

        public HashSet<string> Sent { get; } = new(StringComparer.Ordinal);
    }
}
