using Orders.Nats.JetStream;
using Orders.Testing;

namespace Orders.Nats.Tests.JetStream;

/// <summary>
/// A private server where the watching user may publish only to the consumer-create subject of one
/// stream (and delete there): the least privilege the monitor runs with (infra/nats/users.conf).
/// </summary>
public sealed class EphemeralConsumerPermissionTests : IAsyncLifetime
{
    private const string Stream = "WATCHED";
    private const string Config = """
        jetstream { max_memory_store: 64MB, max_file_store: 64MB }
        authorization {
          users = [
            { user: "admin", password: "admin" },
            {
              user: "watcher", password: "watcher"
              permissions: {
                publish: { allow: ["$JS.API.CONSUMER.CREATE.WATCHED", "$JS.API.CONSUMER.DELETE.WATCHED.*"] }
                subscribe: { allow: ["_INBOX.>"] }
              }
            }
          ]
        }
        """;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private NatsServerFixture? _server;
    private NatsConnection _admin = null!;
    private NatsConnection _watcher = null!;

    public async Task InitializeAsync()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(NatsServerFixture.ExternalUrlVariable)))
        {
            return; // every test here is skipped
        }

        _server = await NatsServerFixture.StartNewAsync(Config);
        _admin = await ConnectAsync("admin");
        _watcher = await ConnectAsync("watcher");
        await new NatsJSContext(_admin).CreateOrUpdateStreamAsync(new StreamConfig(Stream, [$"{Stream}.>"]) { Storage = StreamStorage.Memory });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _watcher.DisposeAsync();
            await _admin.DisposeAsync();
            await _server.DisposeAsync();
        }
    }

    [RequiresLocalNatsServerFact]
    public async Task CreateEphemeralConsumer_UserLimitedToCreateOnStream_CreatesReceivesAndDeletes()
    {
        var js = new NatsJSContext(_watcher);
        await new NatsJSContext(_admin).PublishAsync($"{Stream}.a", "hello"u8.ToArray());

        var config = EphemeralConsumerTests.WatchConfig(_watcher.NewInbox()) with { IdleHeartbeat = TimeSpan.Zero, FlowControl = false };
        var info = await js.CreateEphemeralConsumerAsync(Stream, config);
        await using var collector = MsgCollector.Start(ct => js.ConsumePushAsync(info, ct), _ => ValueTask.CompletedTask);
        await Eventually.WaitUntilAsync(() => collector.Count >= 1, Deadline, "the stored message");

        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(collector.Deliveries[0].Msg.Data.Span));
        Assert.True(await js.DeleteConsumerAsync(Stream, info.Name));
    }

    private async Task<NatsConnection> ConnectAsync(string user)
    {
        var connection = new NatsConnection(NatsOpts.Default with { Url = _server!.Url, Username = user, Password = user });
        await connection.ConnectAsync();
        return connection;
    }
}
