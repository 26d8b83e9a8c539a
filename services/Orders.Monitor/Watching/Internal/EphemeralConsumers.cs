using System.Buffers;
using System.Text.Json;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.Monitor.Watching.Internal;

/// <summary>
/// Creates the monitor's ephemeral push consumers with <c>$JS.API.CONSUMER.CREATE.&lt;stream&gt;</c>,
/// the one create call the read-only <c>monitor</c> user may make (Orders.Nats creates durable
/// consumers only). Ephemeral, because the monitor keeps no position on the server: no ack
/// traffic (ack policy none), nothing left behind (the server removes an ephemeral consumer
/// once nobody listens for <see cref="InactiveThreshold"/>, and at a restart).
/// </summary>
internal static class EphemeralConsumers
{
    /// <summary>How long a consumer outlives its subscription (e.g. a monitor that crashed).</summary>
    public static readonly TimeSpan InactiveThreshold = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Creates a consumer over the whole stream that pushes to <paramref name="deliverSubject"/>,
    /// starting at stream sequence <paramref name="startSequence"/>; returns its server-chosen name.
    /// </summary>
    /// <exception cref="NatsJSStreamNotFoundException">The stream does not exist (yet).</exception>
    /// <exception cref="NatsJSApiException">The server refused the consumer.</exception>
    /// <exception cref="NatsException">No answer (JetStream not ready, disconnected, permissions).</exception>
    public static async ValueTask<string> CreateAsync(
        NatsJSContext js, string stream, ulong startSequence, string deliverSubject, TimeSpan idleHeartbeat, CancellationToken ct)
    {
        var body = RequestBody(stream, startSequence, deliverSubject, idleHeartbeat);
        var reply = await js.Connection.RequestAsync(
            $"{js.Opts.ApiPrefix}.CONSUMER.CREATE.{stream}", body, headers: null, js.Opts.RequestTimeout, ct).ConfigureAwait(false);
        return ReadName(reply.Data.Span);
    }

    /// <summary>The create request in the JetStream API's snake_case JSON (durations in nanoseconds).</summary>
    internal static byte[] RequestBody(string stream, ulong startSequence, string deliverSubject, TimeSpan idleHeartbeat)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("stream_name", stream);
            json.WriteStartObject("config");
            json.WriteString("description", "orders monitor (read-only)");
            json.WriteString("deliver_policy", "by_start_sequence");
            json.WriteNumber("opt_start_seq", Math.Max(1, startSequence));
            json.WriteString("ack_policy", "none");
            json.WriteString("replay_policy", "instant");
            json.WriteString("deliver_subject", deliverSubject);
            json.WriteNumber("idle_heartbeat", Nanoseconds(idleHeartbeat));
            json.WriteBoolean("flow_control", true);
            json.WriteNumber("inactive_threshold", Nanoseconds(InactiveThreshold));
            json.WriteBoolean("mem_storage", true);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The consumer's name from a create response, or the server's error as an exception.</summary>
    internal static string ReadName(ReadOnlySpan<byte> response)
    {
        using var document = JsonDocument.Parse(response.ToArray());
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            var code = error.TryGetProperty("code", out var c) ? c.GetInt32() : 0;
            var errCode = error.TryGetProperty("err_code", out var e) ? e.GetInt32() : 0;
            var description = error.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
            throw errCode == StreamNotFound
                ? new NatsJSStreamNotFoundException(code, description)
                : new NatsJSApiException(code, errCode, description);
        }

        return root.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } value
            ? value
            : throw new NatsJSException("The consumer create response named no consumer.");
    }

    private const int StreamNotFound = 10059;

    private static long Nanoseconds(TimeSpan value) => value.Ticks * TimeSpan.NanosecondsPerTick;
}
