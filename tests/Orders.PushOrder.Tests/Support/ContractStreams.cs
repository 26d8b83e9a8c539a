using Orders.Contracts.Messaging;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.PushOrder.Tests.Support;

/// <summary>Creates the contract's streams (as the services would at start-up) and reads COMMANDS back.</summary>
internal static class ContractStreams
{
    public static async Task EnsureAsync(NatsConnection connection)
    {
        var js = new NatsJSContext(connection);
        foreach (var spec in Streams.All)
        {
            await js.CreateOrUpdateStreamAsync(new StreamConfig(spec.Name, [spec.Subject])
            {
                MaxAge = Streams.MaxAge,
                DuplicateWindow = Streams.DuplicateWindow,
            });
        }
    }

    /// <summary>Every message on <paramref name="stream"/> whose <c>Nats-Msg-Id</c> contains <paramref name="marker"/>, in stream order.</summary>
    public static async Task<IReadOnlyList<StoredMsg>> ReadAsync(NatsConnection connection, string stream, string marker)
    {
        var js = new NatsJSContext(connection);
        var state = (await js.GetStreamAsync(stream)).State;
        var found = new List<StoredMsg>();
        for (var seq = Math.Max(1, state.FirstSeq); seq <= state.LastSeq && state.Messages > 0; seq++)
        {
            var msg = await js.GetMsgAsync(stream, seq);
            if (msg.Headers?["Nats-Msg-Id"] is { } id && id.Contains(marker, StringComparison.Ordinal))
            {
                found.Add(msg);
            }
        }

        return found;
    }
}
