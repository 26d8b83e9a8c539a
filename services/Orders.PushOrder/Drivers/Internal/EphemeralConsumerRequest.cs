using System.Buffers;
using System.Text.Json;

namespace Orders.Drivers.Internal;

/// <summary>
/// The body of <c>$JS.API.CONSUMER.CREATE.&lt;stream&gt;</c> for an ephemeral push consumer (no
/// durable name: the server names it and removes it once its subscriber is gone). Written by
/// hand because our JetStream client only creates durable consumers.
/// </summary>
internal static class EphemeralConsumerRequest
{
    private static readonly long HeartbeatNanoseconds = (long)TimeSpan.FromSeconds(5).TotalNanoseconds;

    public static byte[] Build(string stream, string filterSubject, string deliverSubject, bool fromStart, string description)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("stream_name", stream);
            json.WriteStartObject("config");
            json.WriteString("description", description);
            json.WriteString("deliver_subject", deliverSubject);
            json.WriteString("deliver_policy", fromStart ? "all" : "new");
            json.WriteString("ack_policy", "none");
            json.WriteString("replay_policy", "instant");
            json.WriteString("filter_subject", filterSubject);
            // Flow control lets the server pace a big backlog to how fast we read; it requires heartbeats.
            json.WriteBoolean("flow_control", true);
            json.WriteNumber("idle_heartbeat", HeartbeatNanoseconds);
            json.WriteBoolean("mem_storage", true);
            json.WriteNumber("num_replicas", 1);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The consumer name from a create response, or the server's error.</summary>
    public static (string? Name, int ErrCode, string? Error) ParseResponse(ReadOnlySpan<byte> response)
    {
        try
        {
            using var doc = JsonDocument.Parse(response.ToArray());
            var root = doc.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                var code = error.TryGetProperty("err_code", out var c) && c.TryGetInt32(out var n) ? n : 0;
                var description = error.TryGetProperty("description", out var d) ? d.GetString() : null;
                return (null, code, description ?? "unknown JetStream error");
            }

            return (root.TryGetProperty("name", out var name) ? name.GetString() : null, 0, null);
        }
        catch (JsonException ex)
        {
            return (null, 0, $"unreadable JetStream API response ({ex.Message})");
        }
    }
}
