using Xunit;

namespace Orders.Testing;

/// <summary>The theory form of <see cref="RequiresLocalNatsServerFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresLocalNatsServerTheoryAttribute : TheoryAttribute
{
    public RequiresLocalNatsServerTheoryAttribute()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(NatsServerFixture.ExternalUrlVariable)))
        {
            Skip = $"Needs a local nats-server with the repository's users; {NatsServerFixture.ExternalUrlVariable} points at an external server.";
        }
    }
}
