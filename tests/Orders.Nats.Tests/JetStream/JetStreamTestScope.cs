using Orders.Nats.JetStream;
using Orders.Testing;

namespace Orders.Nats.Tests.JetStream;

/// <summary>
/// A connection and JetStream context for one test, plus uniquely named streams so tests can
/// share one server without seeing each other's messages. Streams are deleted on dispose.
/// </summary>
internal sealed class JetStreamTestScope : IAsyncDisposable
{
    private readonly List<string> _streams = [];

    private JetStreamTestScope(NatsConnection nats)
    {
        Nats = nats;
        JS = new NatsJSContext(nats);
    }

    public NatsConnection Nats { get; }

    public NatsJSContext JS { get; }

    public static async Task<JetStreamTestScope> StartAsync(NatsServerFixture server, NatsOpts? opts = null)
    {
        var nats = new NatsConnection((opts ?? NatsOpts.Default) with { Url = server.Url });
        await nats.ConnectAsync();
        return new JetStreamTestScope(nats);
    }

    /// <summary>A fresh name usable as stream, consumer or subject token.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Creates a memory stream named after <paramref name="prefix"/> capturing <c>&lt;name&gt;.&gt;</c>.</summary>
    public async Task<StreamConfig> CreateStreamAsync(string prefix, Func<StreamConfig, StreamConfig>? configure = null)
    {
        var name = UniqueName(prefix);
        var config = new StreamConfig(name, [$"{name}.>"]) { Storage = StreamStorage.Memory };
        config = configure?.Invoke(config) ?? config;
        await JS.CreateOrUpdateStreamAsync(config);
        _streams.Add(config.Name);
        return config;
    }

    /// <summary>Publishes <paramref name="count"/> messages <c>"0".."count-1"</c> to <paramref name="subject"/>.</summary>
    public async Task PublishManyAsync(string subject, int count)
    {
        var items = Enumerable.Range(0, count).Select(i => new NatsJSPubItem(subject, System.Text.Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        await JS.PublishBatchAsync(items);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _streams)
        {
            try
            {
                await JS.DeleteStreamAsync(stream);
            }
            catch (NatsException)
            {
                // Best effort: the server may be down in a restart test; its store is thrown away anyway.
            }
        }

        await Nats.DisposeAsync();
    }
}
