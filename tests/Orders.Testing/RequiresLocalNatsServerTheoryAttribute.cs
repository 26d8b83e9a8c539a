using Xunit;

namespace Orders.Testing;

/// <summary>The theory form of <see cref="RequiresLocalNatsServerFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresLocalNatsServerTheoryAttribute : TheoryAttribute
{
    public RequiresLocalNatsServerTheoryAttribute() => Skip = RequiresLocalNatsServerFactAttribute.SkipReason();
}
