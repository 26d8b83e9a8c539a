using Orders.Testing;
using Orders.Testing.SystemUnderTest;

namespace Orders.EndToEnd.Tests.Security;

/// <summary>
/// The broker with the repository's users, the four streams (provisioned by the one service started)
/// and one service durable, status-service's on ORDERS: the target the refused verbs aim at.
/// </summary>
public sealed class StatusServiceOnlySystem : IAsyncLifetime
{
    public OrdersSystem System { get; private set; } = null!;

    public async Task InitializeAsync() =>
        System = await OrdersSystem.StartAsync(new OrdersSystemOptions { Services = [OrdersServiceType.Status], InstancesPerService = 1 });

    public async Task DisposeAsync()
    {
        // The permission tests assert on the broker's answers; the service's log says nothing about them.
        System.MarkPassed();
        await System.DisposeAsync();
    }
}
