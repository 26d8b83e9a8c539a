using NATS.Client.Core;
using Orders.Configuration;

namespace Orders.Drivers;

/// <summary>What a short-lived command-line client makes of <see cref="NatsOptions"/>.</summary>
internal static class DriverNats
{
    /// <summary>The contract's driver user (infra/nats/users.conf), when neither <c>--user</c> nor configuration names one.</summary>
    public const string DefaultUser = "driver";

    /// <summary>How long a JetStream request (publish ack, API call) may take before it counts as unanswered.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    extension(NatsOptions nats)
    {
        /// <summary>The URL without credentials, safe to print.</summary>
        public string DisplayUrl
        {
            get
            {
                var url = nats.Url;
                var at = url.LastIndexOf('@');
                var scheme = url.IndexOf("://", StringComparison.Ordinal);
                return at < 0 ? url : (scheme < 0 ? "" : url[..(scheme + 3)]) + url[(at + 1)..];
            }
        }

        /// <summary>
        /// Where replies are received: the configured prefix, else <c>_INBOX.&lt;user&gt;</c>, the
        /// prefix every user of infra/nats/users.conf may subscribe under (the services use the same
        /// rule), so permissions can be narrowed to a user's own inboxes. A user name that is not one
        /// subject token keeps NATS's <c>_INBOX</c>.
        /// </summary>
        public string ReplyPrefix =>
            nats.InboxPrefix ?? (nats.User is { Length: > 0 } user && user.AsSpan().IndexOfAny(".*> \t") < 0 ? $"_INBOX.{user}" : "_INBOX");

        /// <summary>Connection options for a short-lived command-line client named <paramref name="clientName"/>.</summary>
        public NatsOpts ToOpts(string clientName) => new()
        {
            Url = nats.Url,
            Name = clientName,
            // With no password the server must allow anonymous clients: send no user then either.
            AuthOpts = nats.Password is null ? NatsAuthOpts.Default : new NatsAuthOpts { Username = nats.User, Password = nats.Password },
            InboxPrefix = nats.ReplyPrefix,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            RequestTimeout = RequestTimeout,
        };
    }
}
