namespace Orders.Contracts.Messaging;

/// <summary>A JetStream stream of the contract and the one subject filter it captures.</summary>
/// <param name="Name">Stream name, e.g. <c>ORDERS</c>.</param>
/// <param name="Subject">Subject filter, e.g. <c>orders.*</c>.</param>
public sealed record StreamSpec(string Name, string Subject)
{
    /// <summary>
    /// The filter a service's durable consumer of the whole stream uses, e.g. <c>orders.&gt;</c>. It is
    /// part of the consumer-create API subject the NATS users are granted (infra/nats/users.conf), so
    /// it stays <c>&gt;</c> rather than the stream's <c>*</c>.
    /// </summary>
    public string ConsumerFilter => Subject.EndsWith(".*", StringComparison.Ordinal) ? Subject[..^1] + ">" : Subject;
}

/// <summary>
/// The four streams of the contract. Every service creates or updates the streams it writes
/// at start-up, with the limits below, so any start order works.
/// </summary>
public static class Streams
{
    /// <summary>Stream names, as constants for switches and attributes.</summary>
    public static class Names
    {
        public const string Commands = "COMMANDS";
        public const string Orders = "ORDERS";
        public const string Payments = "PAYMENTS";
        public const string DeadLetter = "DEADLETTER";
    }

    public static readonly StreamSpec Commands = new(Names.Commands, Subjects.Commands.All);
    public static readonly StreamSpec Orders = new(Names.Orders, Subjects.Orders.All);
    public static readonly StreamSpec Payments = new(Names.Payments, Subjects.Payments.All);
    public static readonly StreamSpec DeadLetter = new(Names.DeadLetter, Subjects.DeadLetter.All);

    /// <summary>All four, in the contract's order.</summary>
    public static readonly IReadOnlyList<StreamSpec> All = [Commands, Orders, Payments, DeadLetter];

    /// <summary>Messages older than this are removed (limits retention).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);

    /// <summary>A message whose <c>Nats-Msg-Id</c> was seen within this window is dropped as a duplicate.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(2);
}
