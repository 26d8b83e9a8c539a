using System.Net.Sockets;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Orders.Configuration;
using Orders.Contracts.Messaging;

namespace Orders.Drivers;

/// <summary>
/// Turns the exceptions of connecting and of the first JetStream calls into one line that says
/// what is wrong and how to fix it (the <see cref="DriverException"/> message).
/// </summary>
internal static class Problems
{
    public const string StartHint = "is the system running? (./run.sh up)";

    /// <summary>JetStream API error code (<c>err_code</c>) for "stream not found".</summary>
    public const int StreamNotFoundErrCode = 10059;

    /// <summary>A DriverException for <paramref name="error"/>, or null when it is not a setup problem.</summary>
    /// <param name="deniedSubject">The last permission violation on the connection: a request that got no answer was most likely refused.</param>
    public static DriverException? Describe(Exception error, NatsOptions nats, string? deniedSubject = null)
    {
        var url = nats.DisplayUrl;
        return error switch
        {
            DriverException known => known,
            _ when Find<NatsServerException>(error) is { IsAuthError: true } auth => new DriverException(
                $"NATS at {url} refused user '{nats.User}' ({auth.Error}) — check --user and --password (default $ORDERS_Nats__Password)", error),
            _ when IsUnanswered(error) && deniedSubject is not null => Denied(nats, deniedSubject, error),
            NatsJSApiException { Error.ErrCode: StreamNotFoundErrCode } => new DriverException(
                $"a stream of the contract does not exist at {url} — start order-service once (it creates the streams): {StartHint}", error),
            NatsNoRespondersException => new DriverException(
                $"JetStream at {url} does not answer or no stream takes the subject — start order-service once (it creates the streams): {StartHint}", error),
            _ when IsUnanswered(error) => new DriverException(
                $"JetStream at {url} does not answer within {Durations.Describe(DriverNats.RequestTimeout)} — is the server started with JetStream and the system running? (./run.sh up)", error),
            NatsConnectionFailedException => new DriverException($"lost the connection to NATS at {url} — {StartHint}", error),
            _ => null,
        };
    }

    /// <summary>The user may not publish or subscribe to <paramref name="subject"/>.</summary>
    public static DriverException Denied(NatsOptions nats, string subject, Exception? inner = null) => new(
        $"user '{nats.User}' is not allowed to use '{subject}' at {nats.DisplayUrl} (permissions violation) — connect as the driver user (--user driver)", inner);

    /// <summary>The stream named in a consumer or publish error, for messages that say which one is missing.</summary>
    public static DriverException StreamMissing(string stream, NatsOptions nats, Exception? inner = null) => new(
        $"stream {stream} does not exist at {nats.DisplayUrl} — start order-service once (it creates the streams): {StartHint}", inner);

    /// <summary>For the preflight publish: nobody stored the command.</summary>
    public static DriverException NoCommandsStream(NatsOptions nats, Exception? inner = null) => new(
        $"nothing stores {Subjects.Commands.All} at {nats.DisplayUrl} (stream {Streams.Names.Commands} missing or JetStream off) — start order-service once (it creates the streams): {StartHint}", inner);

    /// <summary>For a publish that got no ack: refused (permissions), or nobody is there to answer.</summary>
    public static DriverException NoAck(string subject, NatsOptions nats, string? deniedSubject, Exception? inner = null) =>
        deniedSubject is not null
            ? Denied(nats, deniedSubject, inner)
            : new DriverException(
                $"no JetStream ack for {subject} from {nats.DisplayUrl} within {Durations.Describe(DriverNats.RequestTimeout)} — is user '{nats.User}' allowed to publish it and is the system running? (./run.sh up)", inner);

    /// <summary>A request that timed out or got no reply (NATS.Net has several names for it).</summary>
    public static bool IsUnanswered(Exception error) =>
        error is NatsJSApiNoResponseException or NatsJSPublishNoResponseException or NatsNoReplyException or NatsTimeoutException or NatsJSTimeoutException;

    /// <summary>Short words for a socket error: <c>connection refused</c>, <c>unknown host</c>, ...</summary>
    public static string Describe(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "unknown host",
        SocketError.TimedOut => "timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
        _ => socket.Message,
    };

    private static T? Find<T>(Exception error)
        where T : Exception
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
