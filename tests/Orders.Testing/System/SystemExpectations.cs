using Orders.Contracts;

namespace Orders.Testing.SystemUnderTest;

/// <summary>
/// What the caller's workload should have led to, for <see cref="SystemInvariants"/>: the final
/// status of every order it submitted (one, or several when the workload raced on purpose) and
/// every bad message it published (each must end in DEADLETTER). Build it with
/// <see cref="ExpectOrder"/> and <see cref="ExpectDeadLetter"/>.
/// </summary>
public sealed class SystemExpectations
{
    private readonly Dictionary<string, IReadOnlySet<OrderStatus>> _orders = new(StringComparer.Ordinal);
    private readonly List<ExpectedDeadLetter> _deadLetters = [];

    /// <summary>Allowed final statuses by order id.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<OrderStatus>> FinalStatus => _orders;

    /// <summary>Bad messages that must be dead-lettered.</summary>
    public IReadOnlyList<ExpectedDeadLetter> DeadLetters => _deadLetters;

    /// <summary>The order must end in one of <paramref name="allowed"/> (replaces an earlier expectation for it).</summary>
    public SystemExpectations ExpectOrder(string orderId, params OrderStatus[] allowed)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        if (allowed.Length == 0)
        {
            throw new ArgumentException("Name at least one allowed final status.", nameof(allowed));
        }

        _orders[orderId] = allowed.ToHashSet();
        return this;
    }

    /// <summary>The message stored at <paramref name="sequence"/> of <paramref name="stream"/> must be dead-lettered with a reason.</summary>
    public SystemExpectations ExpectDeadLetter(string stream, ulong sequence, string description)
    {
        _deadLetters.Add(new ExpectedDeadLetter(stream, sequence, description));
        return this;
    }
}

/// <summary>A bad message the workload published, identified by where its stream stored it.</summary>
/// <param name="Stream">The stream it was published to (e.g. <c>COMMANDS</c>).</param>
/// <param name="Sequence">Its sequence there (from the publish ack).</param>
/// <param name="Description">What is wrong with it, for the report.</param>
public sealed record ExpectedDeadLetter(string Stream, ulong Sequence, string Description);
