using System.Diagnostics;
using Orders.Contracts.Messaging;
using Orders.PushOrder.Tests.Support;
using Orders.Testing;
using Orders.Testing.Tracing;

namespace Orders.PushOrder.Tests.Publishing;

/// <summary>push-order as a real process exporting its spans to a Zipkin collector: each order starts its own trace.</summary>
[Collection(NatsCollection.Name)]
public sealed class TracingTests(NatsServerFixture server) : PublishingTestBase(server)
{
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Run_ZipkinEndpointSet_EachOrderIsARootSpanWhoseTraceparentItsMessageCarries()
    {
        await using var collector = ZipkinCollector.Start();
        var prefix = NewPrefix();
        var environment = new Dictionary<string, string> { ["ORDERS_Tracing__ZipkinEndpoint"] = collector.Endpoint };

        var result = await Support.Cli.RunProcessAsync(environment, "--count", "3", "--prefix", prefix, "--nats", Server.Url);

        Assert.True(result.ExitCode == 0, result.Error);
        var stored = await ContractStreams.ReadAsync(Connection, Streams.Names.Commands, prefix);
        Assert.Equal(3, stored.Count);
        var contexts = stored.Select(m => ActivityContext.Parse(m.Headers[MessageHeaders.TraceParent], null)).ToList();
        Assert.Equal(3, contexts.Select(c => c.TraceId).Distinct().Count());

        // The spans are flushed before the process exits; the wait only absorbs the collector's own hand-off.
        await Eventually.WaitUntilAsync(
            () => contexts.All(c => collector.Spans.Any(s => s.Id == c.SpanId.ToHexString())), ExportTimeout, "every publish span exported");
        for (var n = 0; n < 3; n++)
        {
            var span = Assert.Single(collector.Spans, s => s.Id == contexts[n].SpanId.ToHexString());
            Assert.Equal(
                ("push-order", "publish commands.submit-order", "PRODUCER", contexts[n].TraceId.ToHexString(), (string?)null, $"{prefix}-{n + 1}"),
                (span.Service, span.Name, span.Kind, span.TraceId, span.ParentId, span.Tag("orders.order_id")));
        }
    }
}
