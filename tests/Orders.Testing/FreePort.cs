using System.Net;
using System.Net.Sockets;

namespace Orders.Testing;

/// <summary>Finds loopback TCP ports nobody listens on, so parallel test runs never collide.</summary>
public static class FreePort
{
    /// <summary>Asks the OS for an unused ephemeral port on 127.0.0.1 and releases it at once.</summary>
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
