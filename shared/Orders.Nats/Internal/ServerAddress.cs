namespace Orders.Nats.Internal;

/// <summary>One server from <see cref="NatsOpts.Url"/> or INFO connect_urls; credentials may ride in the URL.</summary>
internal sealed record ServerAddress(string Host, int Port, string? User = null, string? Password = null, string? Token = null)
{
    public const int DefaultPort = 4222;

    /// <summary>URL without credentials, safe to log.</summary>
    public override string ToString() => $"nats://{Host}:{Port}";

    public static IReadOnlyList<ServerAddress> ParseList(string urls)
    {
        var list = urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse)
            .Distinct()
            .ToList();
        return list.Count > 0 ? list : throw new ArgumentException("NatsOpts.Url names no server.", nameof(urls));
    }

    public static ServerAddress Parse(string url)
    {
        var text = url.Contains("://", StringComparison.Ordinal) ? url : "nats://" + url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new ArgumentException($"'{url}' is not a valid NATS server URL.", nameof(url));
        }

        if (uri.Scheme is not ("nats" or "tcp"))
        {
            throw new NotSupportedException($"'{uri.Scheme}://' is not supported (plain nats:// only).");
        }

        string? user = null, password = null, token = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            if (colon < 0)
            {
                token = Uri.UnescapeDataString(uri.UserInfo);
            }
            else
            {
                user = Uri.UnescapeDataString(uri.UserInfo[..colon]);
                password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        return new ServerAddress(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? DefaultPort : uri.Port, user, password, token);
    }
}
