using System.Text.Json;
using Orders.Contracts;
using Orders.Messaging.Persistence;
using Orders.StatusService.Domain;
using Orders.StatusService.Tests.Support;
using Orders.Testing;

namespace Orders.StatusService.Tests.Projection;

/// <summary>The ORDERS consumer of one instance: events published on the wire end up in the read model, in version order.</summary>
[Collection(StatusServiceCollection.Name)]
public sealed class ProjectionTests(NatsServerFixture nats, PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Consume_WholeLifecycleInOrder_ViewIsDeliveredWithFullHistory()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_lifecycle");
        var service = await scenario.StartInstanceAsync();
        var order = new OrderEvents("o-life", T0);

        foreach (var evt in order.HappyPath())
        {
            await scenario.PublishAsync(evt);
        }

        var view = await StatusServiceScenario.WaitForVersionAsync(service, order.OrderId, 4);
        Assert.Equal("Delivered", view.GetProperty("status").GetString());
        Assert.Equal(
            [(1, "Created"), (2, "Paid"), (3, "Shipped"), (4, "Delivered")],
            History(view).Select(h => (h.Version, h.Status)));
        Assert.Equal("2026-11-21T08:00:04.000Z", view.GetProperty("updatedAt").GetString());
    }

    [Fact]
    public async Task Consume_EventsInReverseOrder_EndsInTheSameViewAsInOrder()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_reverse");
        var service = await scenario.StartInstanceAsync();
        var reversed = new OrderEvents("o-reversed", T0);
        var inOrder = new OrderEvents("o-in-order", T0);

        // v4 before v3 before v2 before v1: every one but the first to arrive is nak'ed as a gap until its predecessor is applied.
        foreach (var evt in reversed.HappyPath().Reverse())
        {
            await scenario.PublishAsync(evt);
        }

        foreach (var evt in inOrder.HappyPath())
        {
            await scenario.PublishAsync(evt);
        }

        var fromReversed = await StatusServiceScenario.WaitForVersionAsync(service, reversed.OrderId, 4);
        var fromInOrder = await StatusServiceScenario.WaitForVersionAsync(service, inOrder.OrderId, 4);
        Assert.True((await service.PipelineTotalsAsync()).GapsNaked >= 3, "v4, v3 and v2 must each have been nak'ed as a gap at least once");
        Assert.Equal(
            fromInOrder.GetRawText().Replace("o-in-order", "o-reversed", StringComparison.Ordinal),
            fromReversed.GetRawText());
    }

    [Fact]
    public async Task Consume_SameEventPublishedAgainUnderNewMsgId_ChangesNothing()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_duplicate");
        var service = await scenario.StartInstanceAsync();
        var order = new OrderEvents("o-dup", T0);
        await scenario.PublishAsync(order.Created());
        await scenario.PublishAsync(order.Paid());
        var before = await StatusServiceScenario.WaitForVersionAsync(service, order.OrderId, 2);

        // A re-publish outside the duplicate window (or by another publisher) gets past JetStream's
        // de-duplication; the service must absorb it. Old versions too.
        var paidAgain = await scenario.PublishAsync(order.Paid(), msgId: "republished-paid");
        var createdAgain = await scenario.PublishAsync(order.Created(), msgId: "republished-created");
        await scenario.WaitUntilConsumedAsync();

        Assert.False(paidAgain.Duplicate || createdAgain.Duplicate);
        Assert.Equal(2, (await service.PipelineTotalsAsync()).DuplicatesAbsorbed);
        var after = await GetOrderAsync(service, order.OrderId);
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Equal(2L, await scenario.ScalarAsync<long>("SELECT count(*) FROM order_history WHERE order_id = 'o-dup'"));
    }

    [Fact]
    public async Task Consume_SameMsgIdTwice_IsDroppedByTheStreamAndTheViewHasOneEntry()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_same_msgid");
        var service = await scenario.StartInstanceAsync();
        var order = new OrderEvents("o-same-id", T0);

        var first = await scenario.PublishAsync(order.Created());
        var second = await scenario.PublishAsync(order.Created());
        await scenario.WaitUntilConsumedAsync();

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        var view = await GetOrderAsync(service, order.OrderId);
        Assert.Single(History(view));
        Assert.Equal(1L, await scenario.ScalarAsync<long>("SELECT count(*) FROM inbox WHERE message_id = 'created:o-same-id:1'"));
    }

    [Fact]
    public async Task Consume_UpdateRejected_LeavesTheViewUnchanged()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_rejected");
        var service = await scenario.StartInstanceAsync();
        var order = new OrderEvents("o-rejected", T0);
        await scenario.PublishAsync(order.Created());
        var before = await StatusServiceScenario.WaitForVersionAsync(service, order.OrderId, 1);

        await scenario.PublishAsync(order.Rejected("r-too-early", OrderStatus.Created, 1));
        await scenario.WaitUntilConsumedAsync();

        var after = await GetOrderAsync(service, order.OrderId);
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Empty(await scenario.DeadLettersAsync());
    }

    [Fact]
    public async Task Consume_RejectionOfUnknownOrder_CreatesNoView()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_rejected_unknown");
        var service = await scenario.StartInstanceAsync();
        var order = new OrderEvents("o-never-created", T0);

        await scenario.PublishAsync(order.Rejected("r-unknown", OrderStatus.Created, 0) with { CurrentStatus = null, Reason = RejectionReasons.UnknownOrder });
        await scenario.WaitUntilConsumedAsync();

        using var response = await service.Http.GetAsync($"/orders/{order.OrderId}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Consume_MalformedPayload_IsDeadLetteredWithReasonAndConsumingGoesOn()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_malformed");
        var service = await scenario.StartInstanceAsync();
        var order = new OrderEvents("o-after-bad", T0);

        var bad = await scenario.PublishRawAsync("orders.paid", """{"eventId":"paid:o-x:2","orderId":"o-x","version":"two"}"""u8.ToArray(), "bad-1");
        await scenario.PublishAsync(order.Created());
        await StatusServiceScenario.WaitForVersionAsync(service, order.OrderId, 1);
        await scenario.WaitUntilConsumedAsync();

        var letter = Assert.Single(await scenario.DeadLettersAsync());
        Assert.Equal("deadletter.status-service", letter.Subject);
        Assert.Equal("orders.paid", letter.Header("Orders-Original-Subject"));
        Assert.Equal(bad.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), letter.Header("Orders-Original-Sequence"));
        Assert.Contains("version", letter.Header("Orders-Dead-Reason"), StringComparison.Ordinal);
        Assert.Equal("""{"eventId":"paid:o-x:2","orderId":"o-x","version":"two"}""", System.Text.Encoding.UTF8.GetString(letter.Data.Span));
    }

    [Fact]
    public async Task Consume_FirstEventThatIsNotCreated_IsDeadLetteredWithTheProjectionReason()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_invalid_first");
        var service = await scenario.StartInstanceAsync();
        var order = new OrderEvents("o-paid-first", T0);

        await scenario.PublishAsync(order.Paid(version: 1));
        await Eventually.WaitUntilAsync(async () => (await scenario.DeadLettersAsync()).Count == 1, StatusServiceScenario.Timeout, "a dead letter");

        var letter = Assert.Single(await scenario.DeadLettersAsync());
        Assert.Equal("version 1 of order o-paid-first must be orders.created, was OrderPaid", letter.Header("Orders-Dead-Reason"));
        using var response = await service.Http.GetAsync($"/orders/{order.OrderId}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Consume_AppliedEvent_RecordsItsIdInTheInboxAndNothingInTheOutbox()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_inbox");
        var service = await scenario.StartInstanceAsync();
        var order = new OrderEvents("o-inbox", T0);

        await scenario.PublishAsync(order.Created());
        await scenario.PublishAsync(order.Paid());
        await StatusServiceScenario.WaitForVersionAsync(service, order.OrderId, 2);

        Assert.Equal(
            "created:o-inbox:1,paid:o-inbox:2",
            await scenario.ScalarAsync<string>("SELECT string_agg(message_id, ',' ORDER BY message_id) FROM inbox"));
        Assert.Equal(0L, await scenario.ScalarAsync<long>("SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task Consume_AnotherInstanceAppliedTheNextVersionFirst_StaleCacheIsDroppedAndTheViewStaysInOrder()
    {
        await using var scenario = await StatusServiceScenario.CreateAsync(nats, postgres, "status_stale_cache");
        var service = await scenario.StartInstanceAsync();
        var order = new OrderEvents("o-stale", T0);
        await scenario.PublishAsync(order.Created());
        await StatusServiceScenario.WaitForVersionAsync(service, order.OrderId, 1); // its actor now caches version 1

        // Another instance applies version 2 through the same store, behind this instance's back.
        var otherInstance = scenario.CreateStore();
        var stored = await otherInstance.LoadAsync(order.OrderId, CancellationToken.None);
        var next = Assert.IsType<ProjectionResult.Applied>(StatusProjector.Apply(stored, order.Paid())).View;
        Assert.Equal(CommitResult.Committed, await otherInstance.SaveAsync(next, order.Paid().EventId, CancellationToken.None));

        // The delivery of version 2 reaching this instance too, then version 3.
        await scenario.PublishAsync(order.Paid(), msgId: "paid-delivered-here-too");
        await scenario.PublishAsync(order.Shipped());

        var final = await StatusServiceScenario.WaitForVersionAsync(service, order.OrderId, 3);
        Assert.Equal([(1, "Created"), (2, "Paid"), (3, "Shipped")], History(final).Select(h => (h.Version, h.Status)));
        Assert.Equal(1, (await service.PipelineTotalsAsync()).DuplicatesAbsorbed);
    }

    internal static IEnumerable<(int Version, string Status, string OccurredAt)> History(JsonElement view) =>
        view.GetProperty("history").EnumerateArray().Select(h =>
            (h.GetProperty("version").GetInt32(), h.GetProperty("status").GetString()!, h.GetProperty("occurredAt").GetString()!));

    private static async Task<JsonElement> GetOrderAsync(StatusServiceInstance service, string orderId)
    {
        using var response = await service.Http.GetAsync($"/orders/{orderId}");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
