namespace Orders.Testing.Postgres;

/// <summary>A PostgreSQL server a <see cref="PostgresFixture"/> owns: it can stop it and start it again with the same port and data.</summary>
internal interface IPgServer
{
    PostgresBackend Backend { get; }

    /// <summary>Host the tests connect to (loopback).</summary>
    string Host { get; }

    /// <summary>Host port; the same after every restart.</summary>
    int Port { get; }

    string SuperUser { get; }

    string SuperUserPassword { get; }

    /// <summary>First call creates the server on a free port; later calls start it again. Returns once it accepts connections.</summary>
    Task StartAsync(CancellationToken ct);

    /// <summary>Fast shutdown (sessions ended, checkpoint written); data and port stay.</summary>
    Task StopAsync(CancellationToken ct);

    /// <summary>Stops the server and deletes it with its data.</summary>
    Task DisposeAsync(TimeSpan deadline);

    /// <summary>Last resort when the test host exits without disposing: must not block for long.</summary>
    void Abandon();

    /// <summary>The end of the server's log, for error messages.</summary>
    Task<string> ReadLogTailAsync();
}
