namespace Orders.Testing.Postgres;

/// <summary>
/// Reads <c>ORDERS_TEST_PG</c>: <c>container</c>, <c>process</c>, a connection string, or unset
/// (container when a Docker engine answers, process otherwise). Decided once per test process, so
/// every fixture of a run uses the same backend and the choice is reported once.
/// </summary>
internal static class PostgresBackendSelection
{
    private static readonly Lazy<PostgresBackend> AutoLocal = new(() =>
        DockerEngine.Probe() is not null ? PostgresBackend.Container : PostgresBackend.Process);

    private static int _reported;

    /// <summary>The raw variable, trimmed; null when unset or blank.</summary>
    public static string? Setting
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(PostgresFixture.BackendVariable);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
    }

    /// <summary>The backend of the shared fixture: the variable's choice, or the automatic one.</summary>
    public static PostgresBackend Shared() => Setting switch
    {
        null => AutoLocal.Value,
        var s when IsWord(s, "container") => PostgresBackend.Container,
        var s when IsWord(s, "process") => PostgresBackend.Process,
        _ => PostgresBackend.External,
    };

    /// <summary>
    /// The backend of a private fixture, which must be able to stop and restart its server: the
    /// shared choice unless that is an external server, then the automatic one.
    /// </summary>
    public static PostgresBackend Local() => Shared() is var shared && shared != PostgresBackend.External ? shared : AutoLocal.Value;

    /// <summary>
    /// One line on stderr per test process naming the selected backend, so a run's log says what it
    /// tested against (fixtures asking for a backend explicitly are not the selection and do not report).
    /// </summary>
    public static void Report(PostgresBackend backend)
    {
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            var how = Setting is null ? "automatic: " + (backend == PostgresBackend.Container ? "a Docker engine answers" : "no Docker engine answers") : PostgresFixture.BackendVariable;
            Console.Error.WriteLine($"[Orders.Testing] PostgreSQL backend: {backend.ToString().ToLowerInvariant()} ({how})");
        }
    }

    private static bool IsWord(string value, string word) => string.Equals(value, word, StringComparison.OrdinalIgnoreCase);
}
