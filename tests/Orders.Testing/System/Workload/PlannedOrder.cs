using Orders.Contracts;

namespace Orders.Testing.SystemUnderTest.Workload;

/// <summary>One order of the workload: its submit command, what happens to it, and which duplicates it gets.</summary>
/// <param name="Submit">The command (its total decides capture or decline).</param>
/// <param name="Scenario">What follows the submit.</param>
/// <param name="DuplicateSubmit">Send the submit a second time under a new <c>Nats-Msg-Id</c> (the inbox must absorb it).</param>
/// <param name="DuplicateUpdates">Send each of its updates twice with the same request id (under a new <c>Nats-Msg-Id</c>).</param>
public sealed record PlannedOrder(SubmitOrder Submit, OrderScenario Scenario, bool DuplicateSubmit, bool DuplicateUpdates)
{
    /// <summary>The order id.</summary>
    public string OrderId => Submit.OrderId;

    /// <summary>Sum of the item lines.</summary>
    public decimal Total => Submit.Items.Sum(i => i.Quantity * i.UnitPrice);
}

/// <summary>A message that must be dead-lettered by order-service.</summary>
/// <param name="Subject">A <c>commands.*</c> subject.</param>
/// <param name="Payload">Exactly the bytes sent.</param>
/// <param name="Description">What is wrong with it.</param>
/// <param name="AfterCreatedOf">Send it only once this order is seen Created (a conflicting resubmit must reach an existing order).</param>
public sealed record BadMessage(string Subject, byte[] Payload, string Description, string? AfterCreatedOf = null);
