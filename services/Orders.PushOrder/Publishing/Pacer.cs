using System.Diagnostics;

namespace Orders.PushOrder.Publishing;

/// <summary>
/// Holds publishes to a rate: message i leaves at start + i / rate. Scheduling against the start
/// (not the previous send) keeps the average exact even when one send is late.
/// </summary>
internal sealed class Pacer(double perSecond)
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _sent;

    public async ValueTask WaitTurnAsync(CancellationToken ct)
    {
        var due = TimeSpan.FromSeconds(_sent++ / perSecond);
        var wait = due - Stopwatch.GetElapsedTime(_start);
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait, ct).ConfigureAwait(false);
        }
    }
}
