using NATS.Client.Core;

namespace Orders.Drivers;

/// <summary>How a driver reaches NATS: <c>--nats</c>, <c>--user</c>, <c>--password</c> after defaults.</summary>
/// <param name="Url">Server URL (or comma-separated list).</param>
/// <param name="User">NATS user; the contract's <c>driver</c> user by default.</param>
/// <param name="Password">Password; null connects without credentials (a bare development server).</param>
internal sealed record NatsSettings(string Url, string User, string? Password)
{
    public const string UrlVariable = "ORDERS_NATS_URL";
    public const string PasswordVariable = "ORDERS_NATS_PASSWORD";
    public const string DefaultUrl = "nats://127.0.0.1:4222";
    public const string DefaultUser = "driver";

    /// <summary>The URL without credentials, safe to print.</summary>
    public string DisplayUrl
    {
        get
        {
            var at = Url.LastIndexOf('@');
            var scheme = Url.IndexOf("://", StringComparison.Ordinal);
            return at < 0 ? Url : (scheme < 0 ? "" : Url[..(scheme + 3)]) + Url[(at + 1)..];
        }
    }

    /// <summary>How long a JetStream request (publish ack, API call) may take before it counts as unanswered.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where replies are received: <c>_INBOX.&lt;user&gt;</c>, the prefix every user of
    /// infra/nats/users.conf may subscribe under (the services use the same rule), so permissions
    /// can be narrowed to a user's own inboxes. A user name that is not one subject token keeps NATS's <c>_INBOX</c>.
    /// </summary>
    public string InboxPrefix =>
        User.Length > 0 && User.AsSpan().IndexOfAny(".*> \t") < 0 ? $"_INBOX.{User}" : "_INBOX";

    /// <summary>Connection options for a short-lived command-line client named <paramref name="clientName"/>.</summary>
    public NatsOpts ToOpts(string clientName) => new()
    {
        Url = Url,
        Name = clientName,
        // With no password the server must allow anonymous clients: send no user then either.
        AuthOpts = Password is null ? NatsAuthOpts.Default : new NatsAuthOpts { Username = User, Password = Password },
        InboxPrefix = InboxPrefix,
        ConnectTimeout = TimeSpan.FromSeconds(3),
        RequestTimeout = RequestTimeout,
    };
}
