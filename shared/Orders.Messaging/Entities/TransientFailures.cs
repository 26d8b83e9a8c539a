using System.Data.Common;
using System.Net.Sockets;

namespace Orders.Messaging.Entities;

/// <summary>
/// The one rule for which failures go away by themselves: the database says so
/// (<see cref="DbException.IsTransient"/>: connection refused or lost, server restarting), or a
/// timeout or socket error, found anywhere in the exception chain (EF Core and Npgsql wrap them).
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException { IsTransient: true } or TimeoutException or SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
