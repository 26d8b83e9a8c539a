using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orders.Nats.Tests.Core;

/// <summary>
/// A one-connection stand-in for nats-server that answers PINGs in order and lets a test decide the
/// exact bytes (and their grouping into one socket write) sent in answer to a chosen PING. For
/// situations a real server produces only by chance, e.g. messages and a PONG arriving in one read.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    /// <param name="answerPing">Given the client's commands so far, the bytes to send instead of a plain PONG (null: just PONG).</param>
    public ScriptedServer(Func<IReadOnlyList<string>, byte[]?> answerPing)
    {
        _listener.Start();
        _serving = ServeAsync(answerPing, _stop.Token);
    }

    public string Url => $"nats://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task ServeAsync(Func<IReadOnlyList<string>, byte[]?> answerPing, CancellationToken ct)
    {
        using var client = await _listener.AcceptTcpClientAsync(ct);
        await using var stream = client.GetStream();
        await stream.WriteAsync("INFO {\"server_id\":\"scripted\",\"version\":\"2.9.10\",\"headers\":true,\"max_payload\":1048576}\r\n"u8.ToArray(), ct);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var commands = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (!line.Equals("PING", StringComparison.OrdinalIgnoreCase))
            {
                commands.Add(line);
                continue;
            }

            await stream.WriteAsync(answerPing(commands) ?? "PONG\r\n"u8.ToArray(), ct);
        }
    }
}
