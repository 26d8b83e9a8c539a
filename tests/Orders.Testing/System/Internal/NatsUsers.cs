using System.Security.Cryptography;

namespace Orders.Testing.SystemUnderTest.Internal;

/// <summary>
/// The users of infra/nats/users.conf: a copy of that file next to the server's config (nats-server
/// resolves <c>include</c> relative to the including file), and a password per user. users.conf
/// reads the passwords from the server's environment (<c>$ORDERS_NATS_PASSWORD_&lt;USER&gt;</c>);
/// <see cref="NatsServerFixture"/> starts the server with this process's environment, so the
/// passwords are generated once per test process and put there before the first server starts.
/// </summary>
internal static class NatsUsers
{
    public const string Driver = "driver";
    private const string UsersFile = "users.conf";
    private static readonly string[] KnownUsers = ["order-service", "payment-service", "status-service", "monitor", Driver];
    private static readonly Lock Gate = new();
    private static Dictionary<string, string>? _passwords;

    /// <summary>The environment variable users.conf reads <paramref name="user"/>'s password from.</summary>
    public static string PasswordVariable(string user) => "ORDERS_NATS_PASSWORD_" + user.ToUpperInvariant().Replace('-', '_');

    /// <summary>The variables users.conf needs, so they can be kept out of the service processes.</summary>
    public static IEnumerable<string> PasswordVariables => KnownUsers.Select(PasswordVariable);

    /// <summary>Generated password of <paramref name="user"/> (the same for the whole test process).</summary>
    public static string PasswordOf(string user)
    {
        EnsurePasswordsInEnvironment();
        return _passwords![user];
    }

    /// <summary>
    /// Server config text that includes a copy of users.conf written to <paramref name="runDirectory"/>.
    /// The fixture writes the config into its own temp folder, a sibling of <paramref name="runDirectory"/>
    /// (both under the system temp folder), hence the relative include.
    /// </summary>
    public static string ServerConfig(string runDirectory)
    {
        EnsurePasswordsInEnvironment();
        var source = Path.Combine(RepositoryLayout.Root, "infra", "nats", UsersFile);
        var copy = Path.Combine(runDirectory, UsersFile);
        File.Copy(source, copy, overwrite: true);
        var relative = Path.GetRelativePath(Path.Combine(Path.GetTempPath(), "orders-nats-sibling"), copy);
        return $$"""
            # Orders system test: JetStream with the repository's users and permissions.
            jetstream { max_memory_store: 64MB, max_file_store: 1GB }
            include "{{relative}}"
            """;
    }

    private static void EnsurePasswordsInEnvironment()
    {
        lock (Gate)
        {
            if (_passwords is not null)
            {
                return;
            }

            var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var user in KnownUsers)
            {
                // nats-server parses a variable's value as a config value: one starting with a
                // digit is read as a number and fails, so the password starts with letters.
                var password = "pw" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
                passwords[user] = password;
                Environment.SetEnvironmentVariable(PasswordVariable(user), password);
            }

            _passwords = passwords;
        }
    }
}
