using System.Text.Json;
using NATS.Client.JetStream;

namespace Orders.OrderService.Tests.Support;

/// <summary>
/// Reads a whole stream by sequence (what <c>nats stream get</c> does) and keeps what it read,
/// so each poll fetches only the new messages.
/// </summary>
internal sealed class StreamLog(INatsJSContext js, string stream)
{
    private readonly List<StreamMessage> _messages = [];
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Every message now in the stream, oldest first.</summary>
    public async Task<IReadOnlyList<StreamMessage>> ReadAsync()
    {
        await _lock.WaitAsync();
        try
        {
            var source = await js.GetStreamAsync(stream);
            var last = source.Info.State.LastSeq;
            for (var seq = (ulong)_messages.Count + 1; seq <= last; seq++)
            {
                _messages.Add(await StreamMessage.ReadAsync(source, seq));
            }

            return _messages.ToList();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The messages whose payload has <c>"orderId": orderId</c>.</summary>
    public async Task<IReadOnlyList<StreamMessage>> ForOrderAsync(string orderId) =>
        (await ReadAsync()).Where(m => OrderIdOf(m) == orderId).ToList();

    private static string? OrderIdOf(StreamMessage message)
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
internal static class StreamMessageExtensions
{
    public static JsonElement Json(this StreamMessage message) => JsonDocument.Parse(message.Data).RootElement;
}
