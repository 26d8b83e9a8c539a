using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orders.Testing;

/// <summary>Finds loopback TCP ports nobody listens on, so parallel test runs never collide.</summary>
/// <remarks>
/// A port is only reserved while something listens on it, and servers are started (and restarted
/// on the same port) some time after it was picked. Ports from the kernel's ephemeral range would
/// be handed out meanwhile as the local end of any outgoing connection on the machine, so ports are
/// taken from below that range, where only another listener can claim them. Callers that start a
/// server should still retry on a new port when the bind fails.
/// </remarks>
public static class FreePort
{
    private const int LowestCandidate = 10_000;
    private const int Attempts = 200;
    private static readonly int HighestCandidate = ReadEphemeralRangeStart() - 1;

    /// <summary>Returns a port on 127.0.0.1 that nobody listened on a moment ago and that outgoing connections do not use.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < Attempts && HighestCandidate > LowestCandidate; attempt++)
        {
            var candidate = Random.Shared.Next(LowestCandidate, HighestCandidate + 1);
            if (TryBind(candidate) is { } port)
            {
                return port;
            }
        }

        // No usable range below the ephemeral one (or all taken): let the OS choose.
        return TryBind(0) ?? throw new InvalidOperationException("No free loopback port.");
    }

    private static int? TryBind(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen();
            return ((IPEndPoint)listener.LocalEndPoint!).Port;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>The first port the kernel hands out for outgoing connections (Linux; IANA's 49152 elsewhere).</summary>
    private static int ReadEphemeralRangeStart()
    {
        const int ianaStart = 49_152;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return ianaStart;
        }
    }
}
