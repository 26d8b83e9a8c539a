using System.Net;
using System.Net.Sockets;
using Orders.Testing;

namespace Orders.RunScript.Tests;

/// <summary>
/// Free loopback ports for one run of run.sh, as its ORDERS_*_PORT variables. status-service's
/// instances and the other services take <see cref="Status"/> to <see cref="Status"/>+5, so that
/// block must be free as a whole.
/// </summary>
internal sealed record RunScriptPorts(int Nats, int NatsHttp, int Postgres, int Monitor, int Status)
{
    private const int ServicePortCount = 6;

    /// <summary>The /healthz ports: every service instance and the monitor.</summary>
    public IEnumerable<int> HealthPorts => Enumerable.Range(Status, ServicePortCount).Append(Monitor);

    public static RunScriptPorts Find() =>
        new(FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreeBlock(ServicePortCount));

    public IReadOnlyDictionary<string, string> AsEnvironment() => new Dictionary<string, string>
    {
        ["ORDERS_NATS_PORT"] = Nats.ToString(),
        ["ORDERS_NATS_HTTP_PORT"] = NatsHttp.ToString(),
        ["ORDERS_PG_PORT"] = Postgres.ToString(),
        ["ORDERS_MONITOR_PORT"] = Monitor.ToString(),
        ["ORDERS_STATUS_PORT"] = Status.ToString(),
    };

    private static int FreeBlock(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = FreePort.Next();
            if (first + count <= IPEndPoint.MaxPort && Enumerable.Range(first + 1, count - 1).All(IsFree))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"No block of {count} free loopback ports found.");
    }

    private static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
