using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using Orders.Drivers;

namespace Orders.UpdateStatus.Updates;

/// <summary>Publishes <c>commands.update-status</c> with <c>Nats-Msg-Id: update-status:&lt;requestId&gt;</c> and waits for the stream's ack.</summary>
internal sealed class StatusCommandPublisher(DriverConnection nats)
{
    /// <summary>Stores the command; the ack says whether it was a duplicate.</summary>
    /// <exception cref="DriverException">No stream stores commands, no ack, the user may not publish, or the stream refused it.</exception>
    public async Task<PubAckResponse> PublishAsync(StatusRequest request, CancellationToken ct)
    {
        var payload = OrdersJson.Serialize(request.ToCommand());
        var opts = new NatsJSPubOpts { MsgId = EventIds.ForUpdateStatus(request.RequestId) };
        PubAckResponse ack;
        using var span = DriverTracing.StartPublish(Subjects.Commands.UpdateStatus, request.OrderId);
        try
        {
            // The concurrent form, awaited at once: it reports "no stream takes the subject" (503)
            // apart from "no answer", where PublishAsync retries and then says only "no response".
            var future = await nats.JetStream.PublishConcurrentAsync(Subjects.Commands.UpdateStatus, payload, NatsRawSerializer<byte[]>.Default, opts, DriverTracing.HeadersFor(span), ct)
                .ConfigureAwait(false);
            await using (future.ConfigureAwait(false))
            {
                ack = await future.GetResponseAsync(ct).ConfigureAwait(false);
            }
        }
        catch (NatsNoRespondersException ex)
        {
            throw Problems.NoCommandsStream(nats.Settings, ex);
        }
        catch (Exception ex) when (Problems.IsUnanswered(ex))
        {
            throw Problems.NoAck(Subjects.Commands.UpdateStatus, nats.Settings, nats.DeniedSubject, ex);
        }
        catch (Exception ex) when (nats.Describe(ex) is { } problem)
        {
            throw problem;
        }

        // A duplicate is an answer here (the caller reports it), so not EnsureSuccess(), which throws on it.
        return ack.Error is { } error
            ? throw new DriverException($"{Streams.Names.Commands} at {nats.Settings.DisplayUrl} refused {Subjects.Commands.UpdateStatus}: {error.Description} (JetStream error {error.ErrCode})")
            : ack;
    }
}
