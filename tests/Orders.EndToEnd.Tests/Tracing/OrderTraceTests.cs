using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Orders.Contracts;
using Orders.Contracts.Json;
using Orders.Contracts.Messaging;
using Orders.Testing;
using Orders.Testing.SystemUnderTest;
using Orders.Testing.Tracing;
using Xunit.Abstractions;

namespace Orders.EndToEnd.Tests.Tracing;

/// <summary>
/// One order through the running system (two instances of each service, as processes) with every
/// service exporting spans to an in-test Zipkin collector: the order is ONE trace, from the test's
/// publish (standing in for push-order: it sends a <c>traceparent</c>) through order-service,
/// payment-service, order-service again and status-service, each hop the child of the publish
/// that carried it.
/// </summary>
public sealed class OrderTraceTests(ITestOutputHelper output)
{
    private const string OrderIdTag = "orders.order_id";
    private static readonly TimeSpan TraceTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SubmitOrder_TracedPublish_OneTraceAcrossEveryService()
    {
        await using var collector = ZipkinCollector.Start();
        var tracing = new Dictionary<string, string> { ["Tracing:ZipkinEndpoint"] = collector.Endpoint };
        await using var system = await OrdersSystem.StartAsync(new OrdersSystemOptions
        {
            Output = output.WriteLine,
            Settings = OrdersServiceType.All.ToDictionary(s => s.Name, IReadOnlyDictionary<string, string> (_) => tracing),
        });

        var orderId = $"trace-{Guid.NewGuid():N}"[..20];
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var rootSpanId = ActivitySpanId.CreateRandom().ToHexString();
        await PublishSubmitOrderAsync(system, orderId, $"00-{traceId}-{rootSpanId}-01");

        // Spans arrive in batches as they end: wait for the last hop and for every parent to be in.
        IReadOnlyList<ZipkinSpan> trace = [];
        await Eventually.WaitUntilAsync(
            () =>
            {
                trace = [.. collector.Spans.Where(s => s.TraceId == traceId)];
                return Find(trace, "status-service", "process orders.paid") is not null && Orphans(trace, rootSpanId).Count == 0;
            },
            TraceTimeout,
            $"the trace of {orderId} reaching status-service with every parent exported");
        output.WriteLine(string.Join(Environment.NewLine, trace.OrderBy(s => s.Timestamp)));

        // One trace: every span of ours that names the order is in it.
        Assert.All(collector.Spans.Where(s => s.Tag(OrderIdTag) == orderId), s => Assert.Equal(traceId, s.TraceId));
        Assert.Equal(0, collector.Rejected);

        var submit = Single(trace, "order-service", "process commands.submit-order");
        Assert.Equal(rootSpanId, submit.ParentId);
        Assert.Equal("CONSUMER", submit.Kind);
        var created = Hop(trace, submit, "order-service", "publish orders.created", "payment-service", "process orders.created");
        var captured = Hop(trace, created, "payment-service", "publish payments.captured", "order-service", "process payments.captured");
        var paid = Hop(trace, captured, "order-service", "publish orders.paid", "status-service", "process orders.paid");

        // Inside each consumer span: the wait in the stream apart from the handling (and its commit).
        foreach (var consumer in new[] { submit, created, captured, paid })
        {
            Assert.Contains(trace, s => s.ParentId == consumer.Id && s.Name == "queue wait");
            Assert.Contains(trace, s => s.ParentId == consumer.Id && s.Name.StartsWith("handle ", StringComparison.Ordinal));
            Assert.Equal(orderId, consumer.Tag(OrderIdTag));
        }

        Assert.Contains(trace, s => s.Service == "order-service" && s.Name == "commit" && IsDescendant(trace, s, submit));
        system.MarkPassed();
    }

    /// <summary>
    /// Asserts one hop: under <paramref name="from"/> (a consumer span) its service published
    /// <paramref name="publishName"/>, and <paramref name="toService"/>'s consumer span is that publish's child.
    /// </summary>
    private static ZipkinSpan Hop(IReadOnlyList<ZipkinSpan> trace, ZipkinSpan from, string fromService, string publishName, string toService, string consumerName)
    {
        var publish = Single(trace, fromService, publishName);
        Assert.Equal("PRODUCER", publish.Kind);
        Assert.True(IsDescendant(trace, publish, from), $"{publish} is not under {from}");
        var consumer = Single(trace, toService, consumerName);
        Assert.Equal(publish.Id, consumer.ParentId);
        return consumer;
    }

    private static async Task PublishSubmitOrderAsync(OrdersSystem system, string orderId, string traceParent)
    {
        await using var nats = await system.ConnectAsync();
        var js = new NatsJSContext(nats);
        var command = new SubmitOrder(orderId, "c-trace", "USD", [new OrderItem("sku-1", 2, 12.50m)]);
        var headers = new NatsHeaders { [MessageHeaders.TraceParent] = traceParent };
        var ack = await js.PublishAsync(
            Subjects.Commands.SubmitOrder, OrdersJson.Serialize(command), NatsRawSerializer<byte[]>.Default,
            new NatsJSPubOpts { MsgId = EventIds.ForSubmitOrder(orderId) }, headers);
        ack.EnsureSuccess();
    }

    private static ZipkinSpan? Find(IReadOnlyList<ZipkinSpan> trace, string service, string name) =>
        trace.FirstOrDefault(s => s.Service == service && s.Name == name);

    private static ZipkinSpan Single(IReadOnlyList<ZipkinSpan> trace, string service, string name) =>
        Assert.Single(trace, s => s.Service == service && s.Name == name);

    /// <summary>Spans whose parent is neither the test's root nor another span of the trace.</summary>
    private static List<ZipkinSpan> Orphans(IReadOnlyList<ZipkinSpan> trace, string rootSpanId)
    {
        var ids = trace.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return [.. trace.Where(s => s.ParentId != rootSpanId && (s.ParentId is null || !ids.Contains(s.ParentId)))];
    }

    private static bool IsDescendant(IReadOnlyList<ZipkinSpan> trace, ZipkinSpan span, ZipkinSpan ancestor)
    {
        var byId = trace.ToDictionary(s => s.Id, StringComparer.Ordinal);
        for (var current = span; current.ParentId is { } parentId && byId.TryGetValue(parentId, out var parent); current = parent)
        {
            if (parent.Id == ancestor.Id)
            {
                return true;
            }
        }

        return false;
    }
}
