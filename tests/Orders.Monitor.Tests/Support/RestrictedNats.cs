using System.Security.Cryptography;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;
using Orders.Contracts.Messaging;
using Orders.Testing;

namespace Orders.Monitor.Tests.Support;

/// <summary>
/// A nats-server with JetStream running the repository's infra/nats/users.conf, so the monitor is
/// tested under exactly the permissions it gets in production. users.conf reads each password from
/// the server's environment (<c>ORDERS_NATS_PASSWORD_&lt;USER&gt;</c>); the fixture starts the
/// server with this process's environment, so random passwords are put there first.
/// The four streams are created as order-service (which may create them; the monitor may not),
/// at start or, for the tests of a monitor that starts first, later (<see cref="CreateStreamsAsync"/>).
/// </summary>
internal sealed class RestrictedNats : IAsyncDisposable
{
    public const string Monitor = "monitor";
    public const string OrderService = "order-service";
    public const string PaymentService = "payment-service";
    public const string Driver = "driver";

    private static readonly string[] Users = [OrderService, PaymentService, "status-service", Monitor, Driver];
    private static readonly Lazy<Dictionary<string, string>> Passwords = new(CreatePasswords);

    private readonly Dictionary<string, NatsConnection> _connections = [];
    private readonly Dictionary<string, INatsJSContext> _contexts = [];
    private readonly string _usersDir;

    private RestrictedNats(NatsServerFixture server, string usersDir)
    {
        Server = server;
        _usersDir = usersDir;
    }

    public NatsServerFixture Server { get; }

    public string Url => Server.Url;

    public static string PasswordOf(string user) => Passwords.Value[user];

    /// <param name="createStreams">False: no stream exists until <see cref="CreateStreamsAsync"/>.</param>
    public static async Task<RestrictedNats> StartAsync(bool createStreams = true)
    {
        _ = Passwords.Value;
        var usersDir = Path.Combine(Path.GetTempPath(), "orders-monitor-users-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(usersDir);
        var copy = Path.Combine(usersDir, "users.conf");
        File.Copy(Path.Combine(RepositoryRoot.Path, "infra", "nats", "users.conf"), copy);

        // nats-server resolves an include relative to the including file; the fixture writes its
        // config into its own folder under the temp folder, a sibling of ours.
        var include = Path.GetRelativePath(Path.Combine(Path.GetTempPath(), "orders-nats-sibling"), copy);
        var server = await NatsServerFixture.StartNewAsync($$"""
            jetstream { max_memory_store: 64MB, max_file_store: 256MB }
            include "{{include}}"
            """);
        var nats = new RestrictedNats(server, usersDir);
        if (createStreams)
        {
            await nats.CreateStreamsAsync();
        }

        return nats;
    }

    /// <summary>Creates the contract's four streams as order-service does.</summary>
    public async Task CreateStreamsAsync()
    {
        var js = JetStream(OrderService);
        foreach (var stream in Streams.All)
        {
            await js.CreateOrUpdateStreamAsync(new StreamConfig(stream.Name, [stream.Subject])
            {
                MaxAge = Streams.MaxAge,
                DuplicateWindow = Streams.DuplicateWindow,
            });
        }
    }

    /// <summary>A connection (one per user, kept) with the user's own inbox prefix, as users.conf requires.</summary>
    public NatsConnection ConnectionOf(string user)
    {
        lock (_connections)
        {
            if (!_connections.TryGetValue(user, out var connection))
            {
                connection = new NatsConnection(new NatsOpts
                {
                    Url = Url,
                    AuthOpts = new NatsAuthOpts { Username = user, Password = PasswordOf(user) },
                    Name = "monitor-tests-" + user,
                    InboxPrefix = "_INBOX." + user,
                    ReconnectWaitMax = TimeSpan.FromMilliseconds(500),
                });
                _connections[user] = connection;
            }

            return connection;
        }
    }

    public INatsJSContext JetStream(string user)
    {
        lock (_contexts)
        {
            if (!_contexts.TryGetValue(user, out var js))
            {
                js = ConnectionOf(user).CreateJetStreamContext();
                _contexts[user] = js;
            }

            return js;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync();
        }

        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_usersDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static Dictionary<string, string> CreatePasswords()
    {
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in Users)
        {
            // Starts with a letter: nats-server reads a variable's value like config text, so "8e3..." would parse as a number.
            var password = "pw" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            passwords[user] = password;
            Environment.SetEnvironmentVariable("ORDERS_NATS_PASSWORD_" + user.ToUpperInvariant().Replace('-', '_'), password);
        }

        return passwords;
    }
}
