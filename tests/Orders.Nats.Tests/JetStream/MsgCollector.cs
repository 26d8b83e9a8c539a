using System.Collections.Concurrent;
using System.Diagnostics;
using Orders.Nats.JetStream;

namespace Orders.Nats.Tests.JetStream;

/// <summary>
/// Runs a consumer enumeration in the background, hands every message to a handler (which
/// decides how to acknowledge it) and records what arrived and when, for assertions.
/// </summary>
internal sealed class MsgCollector : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;

    private MsgCollector(Func<CancellationToken, IAsyncEnumerable<NatsJSMsg>> consume, Func<NatsJSMsg, ValueTask> handle)
    {
        _loop = RunAsync(consume(_stop.Token), handle);
    }

    /// <summary>One received message and when it arrived (time since the collector started).</summary>
    public sealed record Delivery(NatsJSMsg Msg, TimeSpan At)
    {
        public ulong StreamSeq => Msg.Metadata.Sequence.Stream;
    }

    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    public int Count => _deliveries.Count;

    /// <summary>Time since the collector started, on the clock of <see cref="Delivery.At"/>.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The failure that ended the enumeration or the handler, if any.</summary>
    public Exception? Error { get; private set; }

    public static MsgCollector Start(Func<CancellationToken, IAsyncEnumerable<NatsJSMsg>> consume, Func<NatsJSMsg, ValueTask> handle) =>
        new(consume, handle);

    public static MsgCollector StartAcking(Func<CancellationToken, IAsyncEnumerable<NatsJSMsg>> consume) =>
        new(consume, msg => msg.AckAsync());

    public IReadOnlyList<Delivery> Of(ulong streamSeq) => [.. _deliveries.Where(d => d.StreamSeq == streamSeq)];

    /// <summary>Throws the enumeration's failure so a waiting test fails with the cause rather than a timeout.</summary>
    public void ThrowIfFailed()
    {
        if (Error is { } error)
        {
            throw new InvalidOperationException("The consumer loop failed.", error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(IAsyncEnumerable<NatsJSMsg> source, Func<NatsJSMsg, ValueTask> handle)
    {
        await Task.Yield();
        try
        {
            await foreach (var msg in source)
            {
                _deliveries.Enqueue(new Delivery(msg, _clock.Elapsed));
                await handle(msg);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Error = ex;
        }
    }
}
