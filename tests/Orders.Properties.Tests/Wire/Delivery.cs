namespace Orders.Properties.Tests.Wire;

/// <summary>Something that goes wrong while a delivery is handled (used by the payment simulation only).</summary>
internal enum Fault
{
    None,

    /// <summary>The gateway answers with a transient failure (nothing taken): the message is nak'ed and comes again.</summary>
    GatewayFails,

    /// <summary>The instance dies after storing the charge intention, before calling the gateway.</summary>
    CrashBeforeGateway,

    /// <summary>The instance dies after the gateway took the money, before the answer is committed.</summary>
    CrashAfterGateway,
}

/// <summary>
/// One step of a schedule: <see cref="Message"/> is delivered (again). A message delivered more than
/// once stands for a duplicate publish or a redelivery; the actors cannot tell the two apart.
/// </summary>
/// <param name="Fault">What goes wrong during this delivery.</param>
/// <param name="Overlap">
/// How many later deliveries run while this one waits for the payment gateway (another instance
/// handles them meanwhile); 0 when the call returns at once.
/// </param>
internal sealed record Delivery(WireMessage Message, Fault Fault = Fault.None, int Overlap = 0)
{
    public override string ToString() =>
        Message + (Fault == Fault.None ? "" : $" [{Fault}]") + (Overlap > 0 ? $" [gateway busy for {Overlap} steps]" : "");
}
