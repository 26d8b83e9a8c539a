using Orders.Contracts;

namespace Orders.UpdateStatus.Updates;

/// <summary>One <c>commands.update-status</c> to send.</summary>
/// <param name="RequestId">Identifies the request; its outcome event carries it back.</param>
/// <param name="OrderId">The order to change.</param>
/// <param name="Status">Shipped, Delivered or Cancelled.</param>
/// <param name="ExpectedVersion">Apply only at this version (optimistic concurrency), or null.</param>
internal sealed record StatusRequest(string RequestId, string OrderId, OrderStatus Status, int? ExpectedVersion = null)
{
    public Contracts.UpdateStatus ToCommand() => new(RequestId, OrderId, Status, ExpectedVersion);
}
