namespace Orders.Configuration;

/// <summary>Who this process is: the service's name (durable names, dead-letter subject) and this instance's id.</summary>
/// <param name="Name">The service name, e.g. <c>order-service</c>.</param>
/// <param name="InstanceId">Tells instances apart in NATS connection names and logs.</param>
public sealed record ServiceIdentity(string Name, string InstanceId)
{
    /// <summary>Configuration key of the instance id (<c>ORDERS_InstanceId</c>).</summary>
    public const string InstanceIdKey = "InstanceId";

    /// <summary><c>&lt;service&gt;-&lt;instance&gt;</c>: the NATS connection name.</summary>
    public string ConnectionName => $"{Name}-{InstanceId}";

    /// <summary>The identity of <paramref name="serviceName"/> with the configured instance id, else <c>&lt;machine&gt;-&lt;pid&gt;</c>.</summary>
    public static ServiceIdentity From(string serviceName, string? configuredInstanceId) => new(
        serviceName,
        string.IsNullOrWhiteSpace(configuredInstanceId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : configuredInstanceId);
}
