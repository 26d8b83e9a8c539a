using Orders.Nats;

namespace Orders.Drivers;

/// <summary>Connecting a driver, with every failure reported as one plain line.</summary>
internal static class DriverConnection
{
    /// <summary>Connects now (not lazily) so "no server" is found before any work starts.</summary>
    /// <exception cref="DriverException">The server cannot be reached or refused the credentials.</exception>
    public static async Task<NatsConnection> ConnectAsync(NatsSettings settings, string clientName, CancellationToken ct)
    {
        NatsConnection connection;
        try
        {
            connection = new NatsConnection(settings.ToOpts(clientName));
        }
        catch (ArgumentException ex)
        {
            throw new DriverException($"--nats '{settings.DisplayUrl}' is not a NATS URL ({ex.Message}) — use e.g. {NatsSettings.DefaultUrl}", ex);
        }

        try
        {
            await connection.ConnectAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (Problems.Describe(ex, settings) is { } problem)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw problem;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
