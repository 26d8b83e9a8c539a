using Orders.Testing.Postgres;
using Xunit;

namespace Orders.Testing;

/// <summary>
/// A fact about one local <see cref="PostgresBackend"/> itself, whichever backend the run selected.
/// Skipped, with the reason shown, when that backend cannot run here (no Docker engine answers, or
/// no PostgreSQL server binaries are installed).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresPostgresBackendFactAttribute : FactAttribute
{
    public RequiresPostgresBackendFactAttribute(PostgresBackend backend)
    {
        Skip = backend switch
        {
            PostgresBackend.Container when DockerEngine.Probe() is null =>
                $"Needs a Docker engine; none answers on {DockerEngine.Describe()}.",
            PostgresBackend.Process when !File.Exists(Path.Combine(PostgresFixture.ResolveBinDirectory(), "initdb")) =>
                $"Needs the PostgreSQL server binaries in {PostgresFixture.ResolveBinDirectory()} (or {PostgresFixture.BinDirectoryVariable}).",
            PostgresBackend.External => "An external server cannot be stopped or restarted by the tests.",
            _ => null,
        };
    }
}
