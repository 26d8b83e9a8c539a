using System.Net.Sockets;
using Orders.Contracts.Messaging;
using Orders.Nats;
using Orders.Nats.JetStream;

namespace Orders.Drivers;

/// <summary>
/// Turns the exceptions of connecting and of the first JetStream calls into one line that says
/// what is wrong and how to fix it (the <see cref="DriverException"/> message).
/// </summary>
internal static class Problems
{
    private const string StartHint = "is the system running? (./run.sh up)";

    /// <summary>A DriverException for <paramref name="error"/>, or null when it is not a setup problem.</summary>
    public static DriverException? Describe(Exception error, NatsSettings nats)
    {
        var url = nats.DisplayUrl;
        return error switch
        {
            DriverException known => known,
            NatsAuthorizationException auth when auth.Subject is null => new DriverException(
                $"NATS at {url} refused user '{nats.User}' ({auth.ServerError}) — check --user and --password (default ${NatsSettings.PasswordVariable})", error),
            NatsAuthorizationException auth => new DriverException(
                $"user '{nats.User}' is not allowed to use '{auth.Subject}' at {url} ({auth.ServerError}) — connect as the driver user (--user driver)", error),
            NatsJSStreamNotFoundException => new DriverException(
                $"a stream of the contract does not exist at {url} — start order-service once (it creates the streams): {StartHint}", error),
            NatsJSNotAvailableException => new DriverException(
                $"JetStream at {url} does not answer or no stream takes the subject — start order-service once (it creates the streams): {StartHint}", error),
            NatsConnectionClosedException => new DriverException($"lost the connection to NATS at {url} — {StartHint}", error),
            NatsException when FindSocketError(error) is { } socket => new DriverException(
                $"cannot reach NATS at {url}: {Describe(socket)} — {StartHint}", error),
            NatsException when error.Message.StartsWith("Could not connect", StringComparison.Ordinal) => new DriverException(
                $"cannot reach NATS at {url}: {FirstLine(error.InnerException?.Message ?? error.Message)} — {StartHint}", error),
            _ => null,
        };
    }

    /// <summary>The stream named in a consumer or publish error, for messages that say which one is missing.</summary>
    public static DriverException StreamMissing(string stream, NatsSettings nats, Exception? inner = null) => new(
        $"stream {stream} does not exist at {nats.DisplayUrl} — start order-service once (it creates the streams): {StartHint}", inner);

    /// <summary>For the preflight publish: nobody stored the command.</summary>
    public static DriverException NoCommandsStream(NatsSettings nats, Exception? inner = null) => new(
        $"nothing stores {Subjects.Commands.All} at {nats.DisplayUrl} (stream {Streams.Names.Commands} missing or JetStream off) — start order-service once (it creates the streams): {StartHint}", inner);

    private static SocketException? FindSocketError(Exception error)
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket;
            }

            if (current is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(FindSocketError).FirstOrDefault(s => s is not null);
            }
        }

        return null;
    }

    private static string FirstLine(string text) => text.ReplaceLineEndings(" ").TrimEnd('.');

    private static string Describe(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "unknown host",
        SocketError.TimedOut => "timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
        _ => socket.Message,
    };
}
