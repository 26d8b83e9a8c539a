using NATS.Client.Core;
using Orders.Contracts;
using Orders.Contracts.Messaging;
using Orders.Monitor.Tests.Support;
using Orders.Monitor.Watching;
using Orders.Testing;

namespace Orders.Monitor.Tests.Watching;

/// <summary>The monitor in-process, as the restricted <c>monitor</c> user, against a nats-server running users.conf.</summary>
[Collection(MonitorCollection.Name)]
public sealed class StreamWatcherTests(RestrictedNatsFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Wire _wire = new(fixture.Nats);

    [Fact]
    public async Task Watch_EventsPublishedAfterStart_AppearInPublishOrder()
    {
        await using var monitor = await MonitorInstance.StartAsync(fixture.Nats);
        await monitor.WaitUntilWatchingAsync();
        var orderId = Wire.NewOrderId();

        await _wire.CreatedAsync(orderId);
        await _wire.PaidAsync(orderId);
        await _wire.ShippedAsync(orderId);
        await _wire.DeliveredAsync(orderId);

        var seen = await monitor.Events.WaitForOrderAsync(orderId, 4);
        Assert.Equal(
            [Subjects.Orders.Created, Subjects.Orders.Paid, Subjects.Orders.Shipped, Subjects.Orders.Delivered],
            seen.Select(e => e.Subject));
        Assert.Equal([1, 2, 3, 4], seen.Select(e => e.Version ?? 0));
    }

    [Fact]
    public async Task Watch_AllFourStreams_SeesCommandsOrderPaymentAndDeadLetterKinds()
    {
        await using var monitor = await MonitorInstance.StartAsync(fixture.Nats);
        await monitor.WaitUntilWatchingAsync();
        var orderId = Wire.NewOrderId();

        await _wire.SubmitOrderAsync(orderId);
        await _wire.CreatedAsync(orderId);
        await _wire.CapturedAsync(orderId);
        await _wire.DeadLetterAsync(Subjects.Commands.SubmitOrder, OrdersJson(orderId), "conflicting content for an existing order");

        var seen = await monitor.Events.WaitForOrderAsync(orderId, 4);
        Assert.Equal(
            [MonitorEventKind.Command, MonitorEventKind.OrderEvent, MonitorEventKind.PaymentEvent, MonitorEventKind.DeadLetter],
            seen.Select(e => e.Kind).Order());
    }

    [Fact]
    public async Task Watch_WithoutReplay_DoesNotShowEarlierMessages()
    {
        var before = Wire.NewOrderId();
        await _wire.CreatedAsync(before);
        await using var monitor = await MonitorInstance.StartAsync(fixture.Nats);
        await monitor.WaitUntilWatchingAsync();
        var after = Wire.NewOrderId();

        await _wire.CreatedAsync(after);

        await monitor.Events.WaitForOrderAsync(after, 1);
        Assert.Empty(monitor.Events.For(before));
    }

    [Fact]
    public async Task Watch_WithReplay_ShowsMessagesPublishedBeforeStart()
    {
        var orderId = Wire.NewOrderId();
        await _wire.CreatedAsync(orderId);
        await _wire.PaidAsync(orderId);

        await using var monitor = await MonitorInstance.StartAsync(fixture.Nats, "--replay");

        var seen = await monitor.Events.WaitForOrderAsync(orderId, 2);
        Assert.Equal([Subjects.Orders.Created, Subjects.Orders.Paid], seen.Select(e => e.Subject));
    }

    [Fact]
    public async Task Watch_DeadLetter_CarriesReasonAndOriginalSubject()
    {
        await using var monitor = await MonitorInstance.StartAsync(fixture.Nats);
        await monitor.WaitUntilWatchingAsync();
        var orderId = Wire.NewOrderId();

        await _wire.DeadLetterAsync(Subjects.Commands.SubmitOrder, OrdersJson(orderId), "items[0].quantity must be an integer (was a string)");

        var deadLetter = Assert.Single(await monitor.Events.WaitForOrderAsync(orderId, 1));
        Assert.Equal(MonitorEventKind.DeadLetter, deadLetter.Kind);
        Assert.Equal("deadletter.order-service", deadLetter.Subject);
        Assert.Equal("items[0].quantity must be an integer (was a string)", deadLetter.DeadReason);
        Assert.Equal(Subjects.Commands.SubmitOrder, deadLetter.OriginalSubject);
    }

    [Fact]
    public async Task Watch_MalformedPayload_IsShownAsSuchAndWatchingGoesOn()
    {
        await using var monitor = await MonitorInstance.StartAsync(fixture.Nats);
        await monitor.WaitUntilWatchingAsync();
        var orderId = Wire.NewOrderId();

        await _wire.PublishAsync(RestrictedNats.OrderService, Subjects.Orders.Paid,
            System.Text.Encoding.UTF8.GetBytes($$"""{"orderId":"{{orderId}}","version":"two"}"""), msgId: null);
        await _wire.ShippedAsync(orderId);

        var seen = await monitor.Events.WaitForOrderAsync(orderId, 2);
        Assert.True(seen[0].IsMalformed);
        Assert.False(seen[1].IsMalformed);
    }

    [Fact]
    public async Task Publish_AsMonitorUser_IsRefusedWithAPermissionViolation()
    {
        await using var monitor = await MonitorInstance.StartAsync(fixture.Nats);
        await monitor.WaitUntilWatchingAsync();
        var refused = new TaskCompletionSource<NatsServerErrorEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.Connection.ServerError += (_, e) =>
        {
            refused.TrySetResult(e);
            return ValueTask.CompletedTask;
        };

        await monitor.Connection.PublishAsync(Subjects.Orders.Created, "{}"u8.ToArray());

        var error = await refused.Task.WaitAsync(Timeout);
        Assert.Contains("Permissions Violation", error.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"\"{Subjects.Orders.Created}\"", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ConsumerDeleted_RecreatesItAndContinuesWithoutGapsOrRepeats()
    {
        await using var monitor = await MonitorInstance.StartAsync(fixture.Nats);
        await monitor.WaitUntilWatchingAsync();
        var orders = monitor.Watching.Watchers.Single(w => w.Stream == Streams.Names.Orders);
        var orderId = Wire.NewOrderId();
        await _wire.CreatedAsync(orderId);
        await monitor.Events.WaitForOrderAsync(orderId, 1);
        var deleted = orders.Consumer ?? throw new InvalidOperationException("No ORDERS consumer.");

        // As an operator would (the driver user may call the whole JetStream API); nothing tells the monitor.
        await fixture.Nats.JetStream(RestrictedNats.Driver).DeleteConsumerAsync(Streams.Names.Orders, deleted);
        await _wire.PaidAsync(orderId);
        await _wire.ShippedAsync(orderId);

        var seen = await monitor.Events.WaitForOrderAsync(orderId, 3);
        Assert.Equal([1, 2, 3], seen.Select(e => e.Version ?? 0));
        Assert.NotEqual(deleted, orders.Consumer);
    }

    [Fact]
    public async Task Watch_StreamCreatedAfterStart_WaitsForItThenShowsItsMessages()
    {
        await using var nats = await RestrictedNats.StartAsync(createStreams: false);
        var wire = new Wire(nats);
        await using var monitor = await MonitorInstance.StartAsync(nats);
        await Eventually.WaitUntilAsync(
            () => monitor.Watching.Watchers.All(w => w.State == StreamWatcherState.WaitingForStream),
            Timeout,
            "every watcher waiting for its stream");
        var orderId = Wire.NewOrderId();

        await nats.CreateStreamsAsync();
        await monitor.WaitUntilWatchingAsync();
        await wire.CreatedAsync(orderId);

        var created = Assert.Single(await monitor.Events.WaitForOrderAsync(orderId, 1));
        Assert.Equal(Subjects.Orders.Created, created.Subject);
    }

    [RequiresLocalNatsServerFact]
    public async Task Watch_ServerRestart_RecreatesConsumersAndContinuesWithoutGapsOrRepeats()
    {
        await using var nats = await RestrictedNats.StartAsync();
        var wire = new Wire(nats);
        await using var monitor = await MonitorInstance.StartAsync(nats);
        await monitor.WaitUntilWatchingAsync();
        var orderId = Wire.NewOrderId();
        await wire.CreatedAsync(orderId);
        await monitor.Events.WaitForOrderAsync(orderId, 1);

        await nats.Server.RestartAsync(); // ephemeral consumers do not survive this
        await wire.PaidAsync(orderId);
        await wire.ShippedAsync(orderId);

        var seen = await monitor.Events.WaitForOrderAsync(orderId, 3, TimeSpan.FromSeconds(30));
        Assert.Equal([1, 2, 3], seen.Select(e => e.Version ?? 0));
    }

    private static byte[] OrdersJson(string orderId) =>
        Orders.Contracts.Json.OrdersJson.Serialize(new SubmitOrder(orderId, "c-7", "USD", [new OrderItem("SKU-1", 1, 5m)]));
}
