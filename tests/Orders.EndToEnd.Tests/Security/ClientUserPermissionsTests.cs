using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts.Messaging;
using Orders.Testing;

namespace Orders.EndToEnd.Tests.Security;

/// <summary>
/// The table of docs/security.md on a real nats-server with infra/nats/users.conf: the drivers'
/// user (push-order, update-status, outside clients) and the monitor may read the streams through
/// consumers of their own, and may not change a stream, delete its messages or touch a service's
/// durable; no service may delete or purge a stream either. The first probe of issue 13 deleted
/// ORDERS as <c>driver</c>: <see cref="DestructiveRequests_AsClient_LeaveStreamAndDurableInPlace"/>.
/// </summary>
public sealed class ClientUserPermissionsTests(StatusServiceOnlySystem fixture) : IClassFixture<StatusServiceOnlySystem>
{
    private const string Driver = "driver";
    private const string Monitor = "monitor";
    private const string StatusDurable = "status-service";
    private static readonly string[] Clients = [Driver, Monitor];
    private static readonly string[] Services = ["order-service", "payment-service", "status-service"];

    /// <summary>(user, subject) pairs the server must refuse to let the user publish to.</summary>
    public static TheoryData<string, string> RefusedPublications()
    {
        var data = new TheoryData<string, string>();
        foreach (var user in Clients.Concat(Services))
        {
            data.Add(user, "$JS.API.STREAM.DELETE.ORDERS");
            data.Add(user, "$JS.API.STREAM.PURGE.ORDERS");
            data.Add(user, "$JS.API.STREAM.MSG.DELETE.ORDERS");
        }

        foreach (var user in Clients)
        {
            data.Add(user, "$JS.API.STREAM.CREATE.ORDERS");
            data.Add(user, "$JS.API.STREAM.UPDATE.ORDERS");
            data.Add(user, $"$JS.API.CONSUMER.DELETE.ORDERS.{StatusDurable}");
            data.Add(user, $"$JS.API.CONSUMER.CREATE.ORDERS.{StatusDurable}");
            data.Add(user, $"$JS.API.CONSUMER.CREATE.ORDERS.{StatusDurable}.orders.>");
            data.Add(user, $"$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.{StatusDurable}");
            data.Add(user, $"$JS.API.CONSUMER.MSG.NEXT.ORDERS.{StatusDurable}");
            data.Add(user, $"$JS.ACK.ORDERS.{StatusDurable}.1.7.7.1767225600000000000.0");
            data.Add(user, Subjects.Orders.Created);
            data.Add(user, Subjects.Payments.Captured);
            data.Add(user, "deadletter.order-service");
        }

        data.Add(Monitor, Subjects.Commands.SubmitOrder);
        data.Add(Monitor, Subjects.Commands.UpdateStatus);
        data.Add("order-service", $"$JS.API.CONSUMER.DELETE.ORDERS.{StatusDurable}");
        data.Add("payment-service", $"$JS.API.CONSUMER.MSG.NEXT.ORDERS.{StatusDurable}");
        data.Add("payment-service", Subjects.Orders.Created);
        return data;
    }

    /// <summary>(user, subject) pairs the server must refuse to let the user subscribe to.</summary>
    public static TheoryData<string, string> RefusedSubscriptions() => new()
    {
        { Driver, "_INBOX.status-service.>" },
        { Driver, "_INBOX.monitor.>" },
        { Monitor, "_INBOX.order-service.>" },
        { Monitor, "_INBOX.>" },
        { Monitor, "orders.>" },
    };

    public static TheoryData<string> ClientUsers() => new(Clients);

    [RequiresLocalNatsServerTheory]
    [MemberData(nameof(RefusedPublications))]
    public async Task Publish_SubjectOutsideTheUsersGrant_IsRefused(string user, string subject)
    {
        await using var connection = await fixture.System.ConnectAsync(user);
        var refused = ServerRefusals.FirstOn(connection);

        await connection.PublishAsync(subject, "{}"u8.ToArray());
        var error = await refused.Task.WaitAsync(ServerRefusals.Deadline);

        Assert.Equal(NatsServerErrorKind.PermissionsViolation, error.Kind);
        Assert.Contains($"Permissions Violation for Publish to \"{subject}\"", error.Error);
    }

    [RequiresLocalNatsServerTheory]
    [MemberData(nameof(RefusedSubscriptions))]
    public async Task Subscribe_SubjectOutsideTheUsersGrant_IsRefused(string user, string subject)
    {
        await using var connection = await fixture.System.ConnectAsync(user);
        var refused = ServerRefusals.FirstOn(connection);

        await using var subscription = await connection.SubscribeCoreAsync<byte[]>(subject);
        var error = await refused.Task.WaitAsync(ServerRefusals.Deadline);

        Assert.Equal(NatsServerErrorKind.PermissionsViolation, error.Kind);
        Assert.Contains($"Permissions Violation for Subscription to \"{subject}\"", error.Error);
    }

    /// <summary>What the refusals protect, seen through the JetStream API as a client would use it.</summary>
    [RequiresLocalNatsServerTheory]
    [MemberData(nameof(ClientUsers))]
    public async Task DestructiveRequests_AsClient_LeaveStreamAndDurableInPlace(string user)
    {
        // A refused request is never answered, so it is asked on a connection with a short request
        // timeout; the allowed reads keep the default one, which a busy machine may need.
        await using var connection = await fixture.System.ConnectAsync(user);
        await using var refusedConnection = await ConnectWithShortRequestsAsync(user);
        var js = new NatsJSContext(connection);
        var refused = new NatsJSContext(refusedConnection);
        var before = await js.GetStreamAsync("ORDERS");

        await Assert.ThrowsAsync<NatsJSApiNoResponseException>(async () => await refused.DeleteStreamAsync("ORDERS"));
        await Assert.ThrowsAsync<NatsJSApiNoResponseException>(async () => await refused.PurgeStreamAsync("ORDERS", new StreamPurgeRequest()));
        await Assert.ThrowsAsync<NatsJSApiNoResponseException>(async () => await refused.DeleteConsumerAsync("ORDERS", StatusDurable));

        var after = await js.GetStreamAsync("ORDERS");
        Assert.Equal(before.Info.Created, after.Info.Created);
        Assert.True(after.Info.State.Messages >= before.Info.State.Messages, "no message may be purged");
        Assert.Contains(StatusDurable, await DurableNamesAsync(js));
    }

    /// <summary>
    /// How the monitor, <c>update-status --follow</c> and any outside reader see events: an ordered
    /// consumer, which the client creates, pulls from and lets expire.
    /// </summary>
    [RequiresLocalNatsServerTheory]
    [MemberData(nameof(ClientUsers))]
    public async Task ReadThroughOrderedConsumer_AsClient_ReceivesAServicesEvent(string user)
    {
        var payload = await PublishAsOrderServiceAsync();
        await using var connection = await fixture.System.ConnectAsync(user);
        var js = new NatsJSContext(connection);
        using var deadline = new CancellationTokenSource(ServerRefusals.Deadline);

        var consumer = await js.CreateOrderedConsumerAsync("ORDERS", new NatsJSOrderedConsumerOpts { FilterSubjects = [Subjects.Orders.Created] }, deadline.Token);
        await foreach (var msg in consumer.ConsumeAsync<byte[]>(cancellationToken: deadline.Token))
        {
            if (msg.Data is { } data && Encoding.UTF8.GetString(data) == payload)
            {
                return;
            }
        }

        Assert.Fail($"{user} did not receive the event through an ordered consumer");
    }

    /// <summary>A named consumer of its own with explicit acks: created, pulled, acked and deleted by the client.</summary>
    [RequiresLocalNatsServerTheory]
    [MemberData(nameof(ClientUsers))]
    public async Task OwnConsumer_AsClient_CanBeCreatedPulledAckedAndDeleted(string user)
    {
        var payload = await PublishAsOrderServiceAsync();
        await using var connection = await fixture.System.ConnectAsync(user);
        var js = new NatsJSContext(connection);
        using var deadline = new CancellationTokenSource(ServerRefusals.Deadline);
        var name = $"{user}-probe-{Guid.NewGuid():N}";

        var consumer = await js.CreateOrUpdateConsumerAsync("ORDERS", new ConsumerConfig(name)
        {
            FilterSubject = Subjects.Orders.Created,
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            InactiveThreshold = TimeSpan.FromMinutes(1),
        }, deadline.Token);
        var found = false;
        await foreach (var msg in consumer.ConsumeAsync<byte[]>(cancellationToken: deadline.Token))
        {
            await msg.AckAsync(cancellationToken: deadline.Token);
            if (msg.Data is { } data && Encoding.UTF8.GetString(data) == payload)
            {
                found = true;
                break;
            }
        }

        Assert.True(found, $"{user} did not receive the event through its own consumer");
        Assert.True(await js.DeleteConsumerAsync("ORDERS", name, deadline.Token));
    }

    [RequiresLocalNatsServerFact]
    public async Task PublishCommand_AsDriver_IsStoredInCommands()
    {
        await using var connection = await fixture.System.ConnectAsync(Driver);
        var js = new NatsJSContext(connection);

        var ack = await js.PublishAsync(Subjects.Commands.SubmitOrder, "{}"u8.ToArray());

        ack.EnsureSuccess();
        Assert.Equal("COMMANDS", ack.Stream);
    }

    /// <summary>A unique payload on orders.created, as order-service publishes its events.</summary>
    private async Task<string> PublishAsOrderServiceAsync()
    {
        await using var orderService = await fixture.System.ConnectAsync("order-service");
        var payload = $"{{\"probe\":\"{Guid.NewGuid():N}\"}}";
        var ack = await new NatsJSContext(orderService).PublishAsync(Subjects.Orders.Created, Encoding.UTF8.GetBytes(payload));
        ack.EnsureSuccess();
        return payload;
    }

    private async Task<NatsConnection> ConnectWithShortRequestsAsync(string user)
    {
        var connection = await fixture.System.ConnectAsync(user);
        var shortRequests = new NatsConnection(connection.Opts with { RequestTimeout = TimeSpan.FromSeconds(2) });
        await connection.DisposeAsync();
        await shortRequests.ConnectAsync();
        return shortRequests;
    }

    private static async Task<List<string>> DurableNamesAsync(INatsJSContext js)
    {
        var names = new List<string>();
        await foreach (var consumer in js.ListConsumersAsync("ORDERS"))
        {
            if (!string.IsNullOrEmpty(consumer.Info.Config.DurableName))
            {
                names.Add(consumer.Info.Config.DurableName);
            }
        }

        return names;
    }
}
