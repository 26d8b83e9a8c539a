using System.Text.Json;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.OrderService.Tests.Support;

/// <summary>
/// Reads a whole stream by sequence (what <c>nats stream get</c> does) and keeps what it read,
/// so each poll fetches only the new messages.
/// </summary>
internal sealed class StreamLog(NatsJSContext js, string stream)
{
    private readonly List<StoredMsg> _messages = [];
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Every message now in the stream, oldest first.</summary>
    public async Task<IReadOnlyList<StoredMsg>> ReadAsync()
    {
        await _lock.WaitAsync();
        try
        {
            var last = (await js.GetStreamAsync(stream)).State.LastSeq;
            for (var seq = (ulong)_messages.Count + 1; seq <= last; seq++)
            {
                _messages.Add(await js.GetMsgAsync(stream, seq));
            }

            return _messages.ToList();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The messages whose payload has <c>"orderId": orderId</c>.</summary>
    public async Task<IReadOnlyList<StoredMsg>> ForOrderAsync(string orderId) =>
        (await ReadAsync()).Where(m => OrderIdOf(m) == orderId).ToList();

    private static string? OrderIdOf(StoredMsg message)
    {
        try
        {
            using var json = JsonDocument.Parse(message.Data);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("orderId", out var id)
                && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Reading stored messages in assertions.</summary>
internal static class StoredMsgExtensions
{
    public static string? Header(this StoredMsg message, string name) =>
        message.Headers is { } headers && headers.TryGetValue(name, out var value) ? value : null;

    public static JsonElement Json(this StoredMsg message) => JsonDocument.Parse(message.Data).RootElement;
}
