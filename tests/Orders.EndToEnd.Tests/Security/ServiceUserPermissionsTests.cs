using Orders.Contracts.Messaging;
using Orders.Nats;
using Orders.Testing;
using Orders.Testing.SystemUnderTest;

namespace Orders.EndToEnd.Tests.Security;

/// <summary>
/// The NATS users of infra/nats/users.conf, on a real nats-server: a service may not publish another
/// service's events nor read another service's deliveries, and the server's refusal reaches the
/// client (never a silent drop).
/// </summary>
public sealed class ServiceUserPermissionsTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private OrdersSystem _system = null!;

    // No service processes: only the broker (and database) with the repository's users.
    public async Task InitializeAsync() =>
        _system = await OrdersSystem.StartAsync(new OrdersSystemOptions { Services = [] });

    public async Task DisposeAsync()
    {
        _system.MarkPassed();
        await _system.DisposeAsync();
    }

    [RequiresLocalNatsServerFact]
    public async Task Publish_PaymentServiceToOrderEvents_IsRefusedAndReported()
    {
        await using var payments = await _system.ConnectAsync("payment-service");
        var refused = new TaskCompletionSource<NatsServerErrorEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        payments.ServerError += (_, e) => refused.TrySetResult(e);

        await payments.PublishAsync(Subjects.Payments.Captured, "{}"u8.ToArray());
        await payments.PingAsync();
        Assert.False(refused.Task.IsCompleted, "publishing its own subject must be allowed");

        await payments.PublishAsync(Subjects.Orders.Created, "{}"u8.ToArray());
        var error = await refused.Task.WaitAsync(Deadline);

        var violation = Assert.IsType<NatsAuthorizationException>(error.Exception);
        Assert.Equal(Subjects.Orders.Created, violation.Subject);
        Assert.Contains("Permissions Violation for Publish", error.Error);
    }

    [RequiresLocalNatsServerFact]
    public async Task Subscribe_StatusServiceToOrderServiceDeliveries_IsRefused()
    {
        await using var status = await _system.ConnectAsync("status-service");

        var refusal = await Assert.ThrowsAsync<NatsAuthorizationException>(
            async () => await status.SubscribeCoreAsync("_deliver.order-service.COMMANDS", "order-service"));

        Assert.Contains("_deliver.order-service.COMMANDS", refusal.Message);
    }

    [RequiresLocalNatsServerFact]
    public async Task Publish_MonitorToAnyDataSubject_IsRefused()
    {
        await using var monitor = await _system.ConnectAsync("monitor");
        var refused = new TaskCompletionSource<NatsServerErrorEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.ServerError += (_, e) => refused.TrySetResult(e);

        await monitor.PublishAsync(Subjects.Commands.SubmitOrder, "{}"u8.ToArray());
        var error = await refused.Task.WaitAsync(Deadline);

        Assert.Equal(Subjects.Commands.SubmitOrder, Assert.IsType<NatsAuthorizationException>(error.Exception).Subject);
    }
}
