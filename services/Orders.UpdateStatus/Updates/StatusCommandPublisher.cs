using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using Orders.Drivers;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.UpdateStatus.Updates;

/// <summary>Publishes <c>commands.update-status</c> with <c>Nats-Msg-Id: update-status:&lt;requestId&gt;</c> and waits for the stream's ack.</summary>
internal sealed class StatusCommandPublisher(NatsConnection connection, NatsSettings nats)
{
    private readonly NatsJSContext _js = new(connection);

    /// <summary>Stores the command; the ack says whether it was a duplicate.</summary>
    /// <exception cref="DriverException">No stream stores commands, no ack, or the user may not publish.</exception>
    public async Task<PubAckResponse> PublishAsync(StatusRequest request, CancellationToken ct)
    {
        var payload = OrdersJson.Serialize(request.ToCommand());
        var opts = new NatsJSPubOpts { MsgId = EventIds.ForUpdateStatus(request.RequestId) };
        try
        {
            return await _js.PublishAsync(Subjects.Commands.UpdateStatus, payload, opts, ct: ct).ConfigureAwait(false);
        }
        catch (NatsJSNotAvailableException ex)
        {
            throw Problems.NoCommandsStream(nats, ex);
        }
        catch (NatsTimeoutException ex)
        {
            throw new DriverException(
                $"no JetStream ack for {Subjects.Commands.UpdateStatus} from {nats.DisplayUrl} within {Durations.Describe(ex.Timeout)} — is user '{nats.User}' allowed to publish it and is the system running? (./run.sh up)", ex);
        }
        catch (Exception ex) when (Problems.Describe(ex, nats) is { } problem)
        {
            throw problem;
        }
    }
}
