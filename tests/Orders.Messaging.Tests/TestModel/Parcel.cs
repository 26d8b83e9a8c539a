using Orders.Messaging.Persistence;

namespace Orders.Messaging.Tests.TestModel;

/// <summary>A tiny versioned entity standing in for a service's aggregate (an order, a payment).</summary>
public sealed class Parcel : IVersionedEntity
{
    public required string Id { get; init; }

    public required string Status { get; set; }

    public long Version { get; set; }
}
