using Xunit;

namespace Orders.Testing;

/// <summary>
/// A fact that needs a nats-server this test run starts itself (to restart, pause or configure it).
/// Skipped, with the reason shown, when <c>ORDERS_TEST_NATS_URL</c> points at an external server.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresLocalNatsServerFactAttribute : FactAttribute
{
    public RequiresLocalNatsServerFactAttribute() => Skip = SkipReason();

    /// <summary>Why a test needing its own nats-server is skipped here, or null when it can run.</summary>
    internal static string? SkipReason() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(NatsServerFixture.ExternalUrlVariable))
            ? null
            : $"Needs a local nats-server it can restart or configure; {NatsServerFixture.ExternalUrlVariable} points at an external server.";
}
