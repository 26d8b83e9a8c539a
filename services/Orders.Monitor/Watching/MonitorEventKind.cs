namespace Orders.Monitor.Watching;

/// <summary>What kind of message a <see cref="MonitorEvent"/> is; decides its colour on the console and the dashboard.</summary>
internal enum MonitorEventKind
{
    /// <summary>A command on COMMANDS (<c>commands.*</c>).</summary>
    Command,

    /// <summary>An order event that changed an order (<c>orders.*</c> except update-rejected).</summary>
    OrderEvent,

    /// <summary>A payment event (<c>payments.*</c>).</summary>
    PaymentEvent,

    /// <summary>A refused update (<c>orders.update-rejected</c>).</summary>
    Rejection,

    /// <summary>A message a service could not process (<c>deadletter.*</c>).</summary>
    DeadLetter,
}
