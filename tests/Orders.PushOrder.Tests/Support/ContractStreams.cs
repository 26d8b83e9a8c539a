using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts.Messaging;

namespace Orders.PushOrder.Tests.Support;

/// <summary>A message as JetStream stored it: subject, headers and payload bytes.</summary>
internal sealed record StoredMsg(string Subject, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Data);

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
        var source = await js.GetStreamAsync(stream);
        var state = source.Info.State;
        var found = new List<StoredMsg>();
        for (var seq = Math.Max(1, state.FirstSeq); seq <= state.LastSeq && state.Messages > 0; seq++)
        {
            // Read by sequence (STREAM.MSG.GET): the stored bytes, not a consumer's view of them.
            var stored = (await source.GetAsync(new StreamMsgGetRequest { Seq = seq })).Message;
            var headers = ParseHeaders(stored.Hdrs);
            if (headers.TryGetValue("Nats-Msg-Id", out var id) && id.Contains(marker, StringComparison.Ordinal))
            {
                found.Add(new StoredMsg(stored.Subject, headers, stored.Data));
            }
        }

        return found;
    }

    /// <summary>The stored header block (base64 of <c>NATS/1.0\r\nKey: Value\r\n...\r\n\r\n</c>) as a dictionary.</summary>
    private static Dictionary<string, string> ParseHeaders(string? base64)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(base64))
        {
            return headers;
        }

        var lines = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split("\r\n");
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon]] = line[(colon + 1)..].Trim();
            }
        }

        return headers;
    }
}
