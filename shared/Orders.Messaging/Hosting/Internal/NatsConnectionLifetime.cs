using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Nats;

namespace Orders.Messaging.Hosting.Internal;

/// <summary>
/// Connects at start (not fatal when NATS is not up yet: every call connects lazily and provisioning
/// retries) and drains at stop. Registered first, so it stops last: everything else has settled its
/// messages and flushed its outbox by then.
/// </summary>
internal sealed partial class NatsConnectionLifetime(NatsConnection connection, ILogger<NatsConnectionLifetime> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException ex)
        {
            LogNotConnected(ex, connection.Opts.Url);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.DrainAsync(cancellationToken).ConfigureAwait(false);
            LogDrained();
        }
        catch (Exception ex) when (ex is OperationCanceledException or NatsException)
        {
            LogDrainFailed(ex);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS at {Url} is not reachable yet; connecting on first use")]
    private partial void LogNotConnected(Exception exception, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "NATS connection drained")]
    private partial void LogDrained();

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS drain did not finish; connection closed")]
    private partial void LogDrainFailed(Exception exception);
}
