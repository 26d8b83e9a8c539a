namespace Orders.Messaging.Hosting;

/// <summary>Who this process is: the service's name (durable names, dead-letter subject) and this instance's id.</summary>
/// <param name="Name">The service name, e.g. <c>order-service</c>.</param>
/// <param name="InstanceId">Tells instances apart in NATS connection names and logs.</param>
public sealed record ServiceIdentity(string Name, string InstanceId)
{
    /// <summary><c>&lt;service&gt;-&lt;instance&gt;</c>: the NATS connection name.</summary>
    public string ConnectionName => $"{Name}-{InstanceId}";
}
