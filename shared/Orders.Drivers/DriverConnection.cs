using System.Net.Sockets;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Orders.Configuration;

namespace Orders.Drivers;

/// <summary>
/// A driver's NATS connection (NATS.Net) with what the drivers need to explain a failure in one
/// line: the settings it was made with and the last permission violation the server reported.
/// </summary>
/// <remarks>
/// NATS.Net reports a permission violation as a server error event, not on the call that caused
/// it: the refused request simply gets no answer. Remembering the violation lets a timeout be
/// reported as what it is ("user x may not use subject y").
/// </remarks>
internal sealed class DriverConnection : IAsyncDisposable
{
    private string? _deniedSubject;

    private DriverConnection(NatsConnection connection, NatsOptions settings)
    {
        Connection = connection;
        Settings = settings;
        JetStream = new NatsJSContext(connection);
        connection.ServerError += OnServerErrorAsync;
    }

    public NatsConnection Connection { get; }

    public NatsJSContext JetStream { get; }

    public NatsOptions Settings { get; }

    /// <summary>The subject of the last permission violation the server reported, if any.</summary>
    public string? DeniedSubject => Volatile.Read(ref _deniedSubject);

    /// <summary>Connects now (not lazily) so "no server" is found before any work starts.</summary>
    /// <exception cref="DriverException">The URL is not a NATS URL, the server cannot be reached or it refused the credentials.</exception>
    public static async Task<DriverConnection> ConnectAsync(NatsOptions settings, string clientName, CancellationToken ct)
    {
        NatsConnection connection;
        try
        {
            connection = new NatsConnection(settings.ToOpts(clientName));
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException)
        {
            throw BadUrl(settings, ex);
        }

        var driver = new DriverConnection(connection, settings);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(ct).ConfigureAwait(false);
            return driver;
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException)
        {
            await driver.DisposeAsync().ConfigureAwait(false);
            throw BadUrl(settings, ex);
        }
        catch (NatsException ex) when (Problems.Describe(ex, settings) is null)
        {
            // NATS.Net says only "can not connect uris": find out why, for the one line.
            var reason = await ProbeAsync(settings.Url, ct).ConfigureAwait(false);
            await driver.DisposeAsync().ConfigureAwait(false);
            throw new DriverException($"cannot reach NATS at {settings.DisplayUrl}: {reason ?? FirstLine(ex.Message)} — {Problems.StartHint}", ex);
        }
        catch (Exception ex) when (Problems.Describe(ex, settings) is { } problem)
        {
            await driver.DisposeAsync().ConfigureAwait(false);
            throw problem;
        }
        catch
        {
            await driver.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A DriverException for <paramref name="error"/>, or null when it is not a setup problem.</summary>
    public DriverException? Describe(Exception error) => Problems.Describe(error, Settings, DeniedSubject);

    public async ValueTask DisposeAsync()
    {
        Connection.ServerError -= OnServerErrorAsync;
        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    private ValueTask OnServerErrorAsync(object? sender, NatsServerErrorEventArgs args)
    {
        if (args.Kind == NatsServerErrorKind.PermissionsViolation)
        {
            // e.g. Permissions Violation for Publish to "commands.submit-order"
            var first = args.Error.IndexOf('"', StringComparison.Ordinal);
            var last = args.Error.LastIndexOf('"');
            Volatile.Write(ref _deniedSubject, last > first + 1 ? args.Error[(first + 1)..last] : args.Error);
        }

        return ValueTask.CompletedTask;
    }

    private static DriverException BadUrl(NatsOptions settings, Exception ex) =>
        new($"--nats '{settings.DisplayUrl}' is not a NATS URL ({FirstLine(ex.Message)}) — use e.g. {NatsOptions.DefaultUrl}", ex);

    /// <summary>Opens a plain TCP connection to the first server of <paramref name="url"/>: the socket error says why NATS could not connect.</summary>
    private static async Task<string?> ProbeAsync(string url, CancellationToken ct)
    {
        var first = url.Split(',')[0].Trim();
        if (!Uri.TryCreate(first.Contains("://", StringComparison.Ordinal) ? first : "nats://" + first, UriKind.Absolute, out var uri))
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(string.IsNullOrEmpty(uri.Host) ? "localhost" : uri.Host, uri.Port > 0 ? uri.Port : 4222, timeout.Token).ConfigureAwait(false);
            return null; // reachable: the NATS handshake itself failed, NATS.Net's message says so
        }
        catch (SocketException socket)
        {
            return Problems.Describe(socket);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return "timed out";
        }
    }

    private static string FirstLine(string text) => text.ReplaceLineEndings(" ").TrimEnd('.');
}
