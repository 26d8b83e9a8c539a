namespace Orders.Testing.SystemUnderTest;

/// <summary>How NATS authenticates the services and the harness.</summary>
public enum NatsAuthMode
{
    /// <summary>
    /// The real thing: infra/nats/users.conf (one least-privilege user per service plus
    /// <c>driver</c> and <c>monitor</c>), with generated passwords.
    /// </summary>
    LeastPrivilegeUsers,

    /// <summary>No authorization at all; for diagnosing a permission problem, not for the real suites.</summary>
    Open,
}

/// <summary>What <see cref="OrdersSystem.StartAsync"/> starts. Change with <c>with</c>.</summary>
public sealed record OrdersSystemOptions
{
    /// <summary>Instances per service (each a separate process sharing the work through the queue groups).</summary>
    public int InstancesPerService { get; init; } = 2;

    /// <summary>Which services to start (all three by default).</summary>
    public IReadOnlyList<OrdersServiceType> Services { get; init; } = OrdersServiceType.All;

    /// <summary>NATS users (the default) or an open server.</summary>
    public NatsAuthMode Auth { get; init; } = NatsAuthMode.LeastPrivilegeUsers;

    /// <summary>
    /// Build configuration whose output is run (<c>services/X/bin/&lt;Configuration&gt;/net10.0/X.dll</c>);
    /// null means the configuration this assembly was built with.
    /// </summary>
    public string? Configuration { get; init; }

    /// <summary>
    /// Extra settings per service name, passed as <c>ORDERS_</c> environment variables with
    /// <c>:</c> written as <c>__</c> (e.g. <c>["payment-service"] = { ["Payments:Gateway:TransientFailureRate"] = "0.1" }</c>).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Settings { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Connections per instance; several instances share one test cluster (max_connections 200).</summary>
    public int MaxPoolSizePerInstance { get; init; } = 20;

    /// <summary>How long an instance may take to answer 200 on <c>/healthz</c> (all start at once on few cores).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a SIGTERM'ed instance may take to finish in-flight work before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Folder for the instance logs (one sub-folder per run); null means <c>artifacts/system-logs</c>
    /// under the repository root. Kept when the run did not call <see cref="OrdersSystem.MarkPassed"/>.
    /// </summary>
    public string? LogDirectory { get; init; }

    /// <summary>
    /// Keep the instance logs even after <see cref="OrdersSystem.MarkPassed"/> (to study a green run);
    /// on by default when the environment variable <c>ORDERS_KEEP_SYSTEM_LOGS</c> is <c>1</c>.
    /// </summary>
    public bool KeepLogs { get; init; } = Environment.GetEnvironmentVariable("ORDERS_KEEP_SYSTEM_LOGS") == "1";

    /// <summary>Where the harness reports what it does (e.g. <c>ITestOutputHelper.WriteLine</c>); null for nowhere.</summary>
    public Action<string>? Output { get; init; }

    /// <summary>The settings of <paramref name="service"/> (empty when none).</summary>
    public IReadOnlyDictionary<string, string> SettingsFor(OrdersServiceType service) =>
        Settings.TryGetValue(service.Name, out var settings) ? settings : new Dictionary<string, string>();
}
