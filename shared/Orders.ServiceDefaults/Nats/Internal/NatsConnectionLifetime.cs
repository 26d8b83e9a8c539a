using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace Orders.ServiceDefaults.Nats.Internal;

/// <summary>
/// Connects at start (not fatal when NATS is not up yet: NATS.Net connects on first use and
/// provisioning retries) and flushes at stop. Registered first, so it stops last: everything else
/// has settled its messages and flushed its outbox by then; the container disposes the connection.
/// </summary>
internal sealed partial class NatsConnectionLifetime(INatsConnection connection, ILogger<NatsConnectionLifetime> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException ex)
        {
            LogNotConnected(ex, connection.Opts.Url);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (connection.ConnectionState != NatsConnectionState.Open)
        {
            return;
        }

        try
        {
            // A round trip: every ack and publish written before it has reached the server.
            await connection.PingAsync(cancellationToken).ConfigureAwait(false);
            LogFlushed();
        }
        catch (Exception ex) when (ex is OperationCanceledException or NatsException)
        {
            LogFlushFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS at {Url} is not reachable yet; connecting on first use")]
    private partial void LogNotConnected(Exception exception, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "NATS connection flushed")]
    private partial void LogFlushed();

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS flush at stop did not finish")]
    private partial void LogFlushFailed(Exception exception);
}
