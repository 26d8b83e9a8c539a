using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace Orders.ServiceDefaults.Nats.Internal;

/// <summary>
/// What the connection's events say about it: a permission violation (the server's
/// <c>-ERR 'Permissions Violation for Publish to "x"'</c> keeps the connection open, so nothing else
/// would show it) is logged with its subject and stays visible in <c>/healthz</c> for
/// <see cref="ViolationVisibleFor"/>.
/// </summary>
internal sealed partial class NatsConnectionHealth(TimeProvider clock, ILogger<NatsConnectionHealth> logger)
{
    /// <summary>How long a permission violation keeps the NATS check degraded.</summary>
    public static readonly TimeSpan ViolationVisibleFor = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private (string Error, DateTimeOffset At)? _lastViolation;
    private long _violations;

    public long Violations => Interlocked.Read(ref _violations);

    /// <summary>The last permission violation if it is recent enough to report.</summary>
    public (string Error, DateTimeOffset At)? RecentViolation
    {
        get
        {
            lock (_gate)
            {
                return _lastViolation is { } last && clock.GetUtcNow() - last.At < ViolationVisibleFor ? last : null;
            }
        }
    }

    public void Watch(NatsConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.ServerError += (_, args) =>
        {
            OnServerError(args.Error);
            return default;
        };
    }

    internal void OnServerError(string error)
    {
        if (!error.Contains("Permissions Violation", StringComparison.OrdinalIgnoreCase))
        {
            LogServerError(error);
            return;
        }

        Interlocked.Increment(ref _violations);
        lock (_gate)
        {
            _lastViolation = (error, clock.GetUtcNow());
        }

        LogPermissionViolation(error);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "NATS refused an operation of this service: {Error}")]
    private partial void LogPermissionViolation(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS server error: {Error}")]
    private partial void LogServerError(string error);
}
