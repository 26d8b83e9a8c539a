using System.Text;

namespace Orders.Nats.Tests.Core;

/// <summary>Small helpers shared by the core tests.</summary>
internal static class TestNats
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task<NatsConnection> ConnectAsync(string url, Func<NatsOpts, NatsOpts>? configure = null)
    {
        var opts = new NatsOpts { Url = url, Name = "orders-nats-tests" };
        var connection = new NatsConnection(configure is null ? opts : configure(opts));
        await connection.ConnectAsync();
        return connection;
    }

    public static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(this NatsMsg msg) => Encoding.UTF8.GetString(msg.Data.Span);

    /// <summary>A subject no other test uses, so tests sharing a server do not see each other's messages.</summary>
    public static string UniqueSubject(string name) => $"test.{name}.{Guid.NewGuid():N}";

    public static async Task<NatsMsg> NextAsync(this INatsSub subscription) =>
        await subscription.Msgs.ReadAsync().AsTask().WaitAsync(Deadline);

    public static async Task<List<NatsMsg>> TakeAsync(this INatsSub subscription, int count)
    {
        var messages = new List<NatsMsg>(count);
        using var cts = new CancellationTokenSource(Deadline);
        while (messages.Count < count)
        {
            messages.Add(await subscription.Msgs.ReadAsync(cts.Token));
        }

        return messages;
    }
}
