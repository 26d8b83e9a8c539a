using System.Security.Cryptography;
using NATS.Client.Core;
using Orders.Testing;

namespace Orders.PushOrder.Tests.Support;

/// <summary>
/// A nats-server running the repository's infra/nats/users.conf, so the driver is tested under the
/// permissions it gets in production. users.conf reads each password from the server's environment
/// (<c>ORDERS_NATS_PASSWORD_&lt;USER&gt;</c>) and the fixture starts the server with this process's
/// environment, so random passwords are put there first. The streams are created as order-service.
/// </summary>
internal static class UsersConfNats
{
    public const string Driver = "driver";
    public const string Monitor = "monitor";
    private const string OrderService = "order-service";
    private static readonly string[] Users = [OrderService, "payment-service", "status-service", Monitor, Driver];
    private static readonly Lazy<Dictionary<string, string>> Passwords = new(CreatePasswords);

    public static string PasswordOf(string user) => Passwords.Value[user];

    public static async Task<NatsServerFixture> StartAsync()
    {
        _ = Passwords.Value;
        var usersDir = Directory.CreateTempSubdirectory("orders-push-order-users-").FullName;
        var copy = Path.Combine(usersDir, "users.conf");
        File.Copy(Path.Combine(RepositoryRoot(), "infra", "nats", "users.conf"), copy);

        // nats-server resolves an include relative to the including file; the fixture writes its
        // config into its own folder under the temp folder, a sibling of ours.
        var include = Path.GetRelativePath(Path.Combine(Path.GetTempPath(), "orders-nats-sibling"), copy);
        var server = await NatsServerFixture.StartNewAsync($$"""
            jetstream { max_memory_store: 64MB, max_file_store: 256MB }
            include "{{include}}"
            """);
        await using var owner = new NatsConnection(new NatsOpts
        {
            Url = server.Url,
            Name = "push-order-tests-setup",
            AuthOpts = new NatsAuthOpts { Username = OrderService, Password = PasswordOf(OrderService) },
            InboxPrefix = "_INBOX." + OrderService,
        });
        await ContractStreams.EnsureAsync(owner);
        return server;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "infra", "nats", "users.conf")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("infra/nats/users.conf not found above " + AppContext.BaseDirectory);
    }

    private static Dictionary<string, string> CreatePasswords()
    {
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in Users)
        {
            // Starts with letters: nats-server reads a variable's value like config text, so "8e3..." would parse as a number.
            var password = "pw" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            passwords[user] = password;
            Environment.SetEnvironmentVariable("ORDERS_NATS_PASSWORD_" + user.ToUpperInvariant().Replace('-', '_'), password);
        }

        return passwords;
    }
}
