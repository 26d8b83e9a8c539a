using NATS.Client.Core;
using Orders.Contracts.Messaging;
using Orders.Testing;
using Orders.Testing.SystemUnderTest;

namespace Orders.EndToEnd.Tests.Security;

/// <summary>
/// The NATS users of infra/nats/users.conf, on a real nats-server: a service may not publish another
/// service's events nor read another service's deliveries, and the server's refusal reaches the
/// client (never a silent drop). The drivers' and the monitor's limits are in
/// <see cref="ClientUserPermissionsTests"/>.
/// </summary>
public sealed class ServiceUserPermissionsTests : IAsyncLifetime
{
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
        var refused = ServerRefusals.FirstOn(payments);

        await payments.PublishAsync(Subjects.Payments.Captured, "{}"u8.ToArray());
        await payments.PingAsync();
        Assert.False(refused.Task.IsCompleted, "publishing its own subject must be allowed");

        await payments.PublishAsync(Subjects.Orders.Created, "{}"u8.ToArray());
        var error = await refused.Task.WaitAsync(ServerRefusals.Deadline);

        Assert.Equal(NatsServerErrorKind.PermissionsViolation, error.Kind);
        Assert.Contains("Permissions Violation for Publish", error.Error);
        Assert.Contains($"\"{Subjects.Orders.Created}\"", error.Error);
    }

    /// <summary>A service receives only on its own inbox; any other subject, such as a push consumer's deliver subject, is refused.</summary>
    [RequiresLocalNatsServerFact]
    public async Task Subscribe_StatusServiceToOrderServiceDeliveries_IsRefused()
    {
        await using var status = await _system.ConnectAsync("status-service");
        var refused = ServerRefusals.FirstOn(status);

        await using var subscription = await status.SubscribeCoreAsync<byte[]>("_deliver.order-service.COMMANDS", "order-service");
        var error = await refused.Task.WaitAsync(ServerRefusals.Deadline);

        Assert.Equal(NatsServerErrorKind.PermissionsViolation, error.Kind);
        Assert.Contains("Permissions Violation for Subscription", error.Error);
        Assert.Contains("\"_deliver.order-service.COMMANDS\"", error.Error);
    }

    /// <summary>Pull consumers (and every API reply) answer on the puller's inbox, <c>_INBOX.&lt;service&gt;.&gt;</c>.</summary>
    [RequiresLocalNatsServerFact]
    public async Task Subscribe_StatusServiceToOrderServiceInbox_IsRefused()
    {
        await using var status = await _system.ConnectAsync("status-service");
        var refused = ServerRefusals.FirstOn(status);

        await using var subscription = await status.SubscribeCoreAsync<byte[]>("_INBOX.order-service.>");
        var error = await refused.Task.WaitAsync(ServerRefusals.Deadline);

        Assert.Equal(NatsServerErrorKind.PermissionsViolation, error.Kind);
        Assert.Contains("Permissions Violation for Subscription", error.Error);
        Assert.Contains("\"_INBOX.order-service.>\"", error.Error);
    }

    /// <summary>A pull request on another service's consumer would take a share of its messages.</summary>
    [RequiresLocalNatsServerFact]
    public async Task Publish_StatusServicePullRequestOnOrderServiceConsumer_IsRefused()
    {
        await using var status = await _system.ConnectAsync("status-service");
        var refused = ServerRefusals.FirstOn(status);
        const string PullRequest = "$JS.API.CONSUMER.MSG.NEXT.COMMANDS.order-service";

        await status.PublishAsync(PullRequest, """{"batch":1}"""u8.ToArray());
        var error = await refused.Task.WaitAsync(ServerRefusals.Deadline);

        Assert.Equal(NatsServerErrorKind.PermissionsViolation, error.Kind);
        Assert.Contains($"\"{PullRequest}\"", error.Error);
    }

    [RequiresLocalNatsServerFact]
    public async Task Publish_MonitorToAnyDataSubject_IsRefused()
    {
        await using var monitor = await _system.ConnectAsync("monitor");
        var refused = ServerRefusals.FirstOn(monitor);

        await monitor.PublishAsync(Subjects.Commands.SubmitOrder, "{}"u8.ToArray());
        var error = await refused.Task.WaitAsync(ServerRefusals.Deadline);

        Assert.Equal(NatsServerErrorKind.PermissionsViolation, error.Kind);
        Assert.Contains($"\"{Subjects.Commands.SubmitOrder}\"", error.Error);
    }
}
