using System.Diagnostics;
using Orders.Contracts;
using Orders.Contracts.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts.Messaging;

namespace Orders.Testing.SystemUnderTest.Workload;

public sealed partial class WorkloadRunner
{
    private const int MaxPublishAttempts = 10;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RepublishBackoff = TimeSpan.FromMilliseconds(500);

    /// <summary>Submits at the configured rate, with the unconditional bad messages spread between the orders.</summary>
    private async Task SubmitAsync(CancellationToken ct)
    {
        try
        {
            await SubmitCoreAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            _allFinal.TrySetException(ex);
            throw;
        }
    }

    private async Task SubmitCoreAsync(CancellationToken ct)
    {
        var orders = _workload.Orders;
        var bad = _workload.BadMessages.Where(b => b.AfterCreatedOf is null).ToList();
        var badEvery = bad.Count == 0 ? int.MaxValue : Math.Max(1, orders.Count / bad.Count);
        using var pace = new PeriodicTimer(Tick); // a send rate, not a wait for some condition
        var sinceStart = Stopwatch.StartNew();

        var next = 0;
        var nextBad = 0;
        while (next < orders.Count)
        {
            // Catch up to the rate over the whole run (also below one submit per tick).
            var due = Math.Min(orders.Count, 1 + (int)(sinceStart.Elapsed.TotalSeconds * _workload.Options.SubmitsPerSecond));
            for (; next < due; next++)
            {
                var order = orders[next];
                await PublishAsync(Subjects.Commands.SubmitOrder, OrdersJson.Serialize(order.Submit), EventIds.ForSubmitOrder(order.OrderId), ct).ConfigureAwait(false);
                if (order.DuplicateSubmit)
                {
                    // Same command, new Nats-Msg-Id: the stream keeps both, the service's inbox must absorb the second.
                    await PublishAsync(Subjects.Commands.SubmitOrder, OrdersJson.Serialize(order.Submit), EventIds.ForSubmitOrder(order.OrderId) + "#resent", ct).ConfigureAwait(false);
                    Interlocked.Increment(ref _duplicateSubmits);
                }

                if (next % badEvery == badEvery - 1 && nextBad < bad.Count)
                {
                    await PublishBadAsync(bad[nextBad++], ct).ConfigureAwait(false);
                }
            }

            await pace.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }

        while (nextBad < bad.Count)
        {
            await PublishBadAsync(bad[nextBad++], ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sends an update (twice, same request id, when the order's plan says so); each request id at most once per order.</summary>
    private async Task SendUpdateAsync(OrderProgress order, string action, OrderStatus status, long? expectedVersion, CancellationToken ct)
    {
        if (!order.Sent.Add(action))
        {
            return;
        }

        var command = new UpdateStatus($"r-{order.Plan.OrderId}-{action}", order.Plan.OrderId, status, expectedVersion is { } v ? (int)v : null);
        var payload = OrdersJson.Serialize(command);
        await PublishAsync(Subjects.Commands.UpdateStatus, payload, EventIds.ForUpdateStatus(command.RequestId), ct).ConfigureAwait(false);
        if (order.Plan.DuplicateUpdates)
        {
            await PublishAsync(Subjects.Commands.UpdateStatus, payload, EventIds.ForUpdateStatus(command.RequestId) + "#resent", ct).ConfigureAwait(false);
            Interlocked.Increment(ref _duplicateUpdates);
        }
    }

    private async Task PublishBadAsync(BadMessage message, CancellationToken ct)
    {
        // A unique Nats-Msg-Id each, so the stream keeps every one (and its sequence is the one expected in DEADLETTER).
        var ack = await PublishAsync(message.Subject, message.Payload, $"bad:{Guid.NewGuid():N}", ct).ConfigureAwait(false);
        lock (_badSent)
        {
            _badSent.Add((message, ack));
        }
    }

    /// <summary>
    /// Sends one publish and returns once it is written, in call order (so an update never overtakes
    /// the command it follows); the returned task completes with the stream's ack. Acks are awaited
    /// concurrently, as a client that pipelines its publishes would.
    /// </summary>
    private async Task<Task<PubAckResponse>> PublishAsync(string subject, byte[] payload, string msgId, CancellationToken ct)
    {
        var sent = await SendAsync(subject, payload, msgId, ct).ConfigureAwait(false);
        Interlocked.Increment(ref _commands);
        var confirmed = ConfirmAsync(sent, subject, payload, msgId, ct);
        lock (_acks)
        {
            _acks.Add(confirmed);
        }

        return confirmed;
    }

    private ValueTask<NatsJSPublishConcurrentFuture> SendAsync(string subject, byte[] payload, string msgId, CancellationToken ct) =>
        _js.PublishConcurrentAsync(subject, payload, opts: new NatsJSPubOpts { MsgId = msgId }, cancellationToken: ct);

    /// <summary>
    /// Waits for the stream's ack; a publish whose ack does not come (the server restarting, a
    /// timeout under load) is sent again with the same <c>Nats-Msg-Id</c>, so the stream's duplicate
    /// window stores it once and the ack names the one stored copy, as any careful client would.
    /// </summary>
    private async Task<PubAckResponse> ConfirmAsync(NatsJSPublishConcurrentFuture sent, string subject, byte[] payload, string msgId, CancellationToken ct)
    {
        NatsJSPublishConcurrentFuture? pending = sent;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                pending ??= await SendAsync(subject, payload, msgId, ct).ConfigureAwait(false);
                PubAckResponse ack;
                await using (pending.Value.ConfigureAwait(false))
                {
                    ack = await pending.Value.GetResponseAsync(ct).ConfigureAwait(false);
                }

                return Stored(ack, subject, msgId);
            }
            catch (NatsException) when (attempt < MaxPublishAttempts && !ct.IsCancellationRequested)
            {
                pending = null;
                Interlocked.Increment(ref _republished);
                await Task.Delay(RepublishBackoff * attempt, ct).ConfigureAwait(false); // a back-off, not a wait for a condition
            }
        }
    }

    /// <summary>
    /// The ack of a stored message. <c>Duplicate = true</c> is a success here: the stream already
    /// holds this <c>Nats-Msg-Id</c> (an earlier attempt whose ack was lost) and names its sequence.
    /// NATS.Net's <c>EnsureSuccess()</c> would throw on it, hence the explicit check of the error.
    /// </summary>
    private static PubAckResponse Stored(PubAckResponse ack, string subject, string msgId) =>
        ack.Error is { } error
            ? throw new InvalidOperationException($"The stream refused {subject} ({msgId}): {error.Code}/{error.ErrCode} {error.Description}")
            : ack;
}
