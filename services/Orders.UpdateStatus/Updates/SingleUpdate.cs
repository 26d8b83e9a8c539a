using System.Diagnostics;
using Orders.Drivers;

namespace Orders.UpdateStatus.Updates;

/// <summary>
/// One update, start to finish: watch ORDERS (before publishing, so the outcome cannot be
/// missed), publish the command, and wait for the event that carries its request id.
/// </summary>
internal static class SingleUpdate
{
    public static async Task<UpdateOutcome> RunAsync(DriverConnection nats, StatusRequest request, TimeSpan timeout, CancellationToken ct)
    {
        await using var watch = await OrderEventWatch.StartAsync(nats, fromStart: false, ct).ConfigureAwait(false);
        var sentAt = Stopwatch.GetTimestamp();
        var ack = await new StatusCommandPublisher(nats).PublishAsync(request, ct).ConfigureAwait(false);
        if (ack.Duplicate)
        {
            return new UpdateOutcome(request, OutcomeKind.AlreadySent, null, Stopwatch.GetElapsedTime(sentAt));
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromTicks(Math.Max(0, (timeout - Stopwatch.GetElapsedTime(sentAt)).Ticks)));
        try
        {
            await foreach (var observed in watch.Events.ReadAllAsync(deadline.Token).ConfigureAwait(false))
            {
                if (observed.RequestId == request.RequestId)
                {
                    var kind = observed.Event is Contracts.OrderUpdateRejected ? OutcomeKind.Rejected : OutcomeKind.Applied;
                    return new UpdateOutcome(request, kind, observed, Stopwatch.GetElapsedTime(sentAt, observed.ReceivedAt));
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The timeout, not Ctrl-C.
        }

        ct.ThrowIfCancellationRequested();
        return new UpdateOutcome(request, OutcomeKind.NoOutcome, null, Stopwatch.GetElapsedTime(sentAt));
    }
}
