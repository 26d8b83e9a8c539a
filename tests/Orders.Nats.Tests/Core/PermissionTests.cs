using Orders.Testing;

namespace Orders.Nats.Tests.Core;

/// <summary>A private server with a restricted user: refusals must reach the caller and never close the connection.</summary>
public sealed class PermissionTests : IAsyncLifetime
{
    private const string Config = """
        authorization {
          users = [
            {
              user: "restricted", password: "secret"
              permissions: {
                publish: { allow: ["allowed.>", "_INBOX.>"] }
                subscribe: { allow: ["allowed.>", "_INBOX.>"] }
              }
            }
          ]
        }
        """;

    private NatsServerFixture? _server;
    private NatsConnection _nats = null!;
    private readonly List<NatsServerErrorEventArgs> _errors = [];

    public async Task InitializeAsync()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(NatsServerFixture.ExternalUrlVariable)))
        {
            return; // every test here is skipped
        }

        _server = await NatsServerFixture.StartNewAsync(Config);
        _nats = await TestNats.ConnectAsync(_server.Url, o => o with { Username = "restricted", Password = "secret" });
        _nats.ServerError += (_, e) => { lock (_errors) { _errors.Add(e); } };
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _nats.DisposeAsync();
            await _server.DisposeAsync();
        }
    }

    [RequiresLocalNatsServerFact]
    public async Task SubscribeCoreAsync_ForbiddenSubject_ThrowsAndRaisesServerError()
    {
        var error = await Assert.ThrowsAsync<NatsAuthorizationException>(
            async () => await _nats.SubscribeCoreAsync("secret.orders"));

        Assert.Equal("secret.orders", error.Subject);
        Assert.Contains("Permissions Violation for Subscription", error.ServerError);
        Assert.Contains(Errors(), e => e.Exception is NatsAuthorizationException { Subject: "secret.orders" });
        await AssertStillUsableAsync();
    }

    [RequiresLocalNatsServerFact]
    public async Task PublishAsync_ForbiddenSubject_RaisesServerErrorWithSubject()
    {
        await _nats.PublishAsync("secret.orders", TestNats.Utf8("x"));
        await _nats.PingAsync(); // the -ERR comes before the PONG

        var error = Assert.Single(Errors());
        Assert.Contains("Permissions Violation for Publish to \"secret.orders\"", error.Error);
        Assert.Equal("secret.orders", Assert.IsType<NatsAuthorizationException>(error.Exception).Subject);
        await AssertStillUsableAsync();
    }

    [RequiresLocalNatsServerFact]
    public async Task RequestAsync_ForbiddenSubject_ThrowsAuthorizationInsteadOfTimeout()
    {
        var error = await Assert.ThrowsAsync<NatsAuthorizationException>(
            async () => await _nats.RequestAsync("secret.service", timeout: TimeSpan.FromSeconds(5)));

        Assert.Equal("secret.service", error.Subject);
        await AssertStillUsableAsync();
    }

    [RequiresLocalNatsServerFact]
    public async Task ConnectAsync_WrongPassword_ThrowsAuthorizationException()
    {
        await using var intruder = new NatsConnection(new NatsOpts { Url = _server!.Url, Username = "restricted", Password = "wrong" });
        var raised = new List<string>();
        intruder.ServerError += (_, e) => raised.Add(e.Error);

        var error = await Assert.ThrowsAsync<NatsAuthorizationException>(async () => await intruder.ConnectAsync());

        Assert.Contains("Authorization Violation", error.ServerError);
        Assert.Equal([error.ServerError], raised);
        Assert.Equal(NatsConnectionState.Closed, intruder.ConnectionState);
    }

    private List<NatsServerErrorEventArgs> Errors()
    {
        lock (_errors)
        {
            return [.. _errors];
        }
    }

    private async Task AssertStillUsableAsync()
    {
        Assert.Equal(NatsConnectionState.Open, _nats.ConnectionState);
        await using var sub = await _nats.SubscribeCoreAsync("allowed.check");
        await _nats.PublishAsync("allowed.check", TestNats.Utf8("ok"));
        Assert.Equal("ok", (await sub.NextAsync()).Text());
    }
}
