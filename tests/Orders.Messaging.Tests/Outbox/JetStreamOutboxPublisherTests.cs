using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Orders.Contracts.Messaging;
using Orders.Messaging.Outbox;
using Orders.Messaging.Persistence;
using Orders.Messaging.Tests.Pipeline.Support;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Outbox;

/// <summary>The outbox relay publishing to a real JetStream stream through <see cref="JetStreamOutboxPublisher"/>.</summary>
[Collection(PostgresCollection.Name)]
public sealed class JetStreamOutboxPublisherTests(PostgresFixture postgres) : IAsyncLifetime
{
    private TestJetStream _nats = null!;

    public async Task InitializeAsync() => _nats = await TestJetStream.StartAsync();

    public async Task DisposeAsync() => await _nats.DisposeAsync();

    [RequiresLocalNatsServerFact]
    public async Task RelayPendingAsync_Rows_AreStoredInIdOrderWithNatsMsgIdEqualToEventId()
    {
        var database = await TestDatabase.CreateAsync(postgres, "js_outbox_order");
        var eventIds = await CommitShippedEventsAsync(database, count: 40);
        var publisher = new JetStreamOutboxPublisher(_nats.Js);

        var result = await database.CreateRelay(publisher, new OutboxOptions { BatchSize = 16 }).RelayPendingAsync(CancellationToken.None);

        Assert.Equal(new OutboxRelayResult(40, null), result);
        var stored = new List<string?>();
        for (ulong seq = 1; seq <= 40; seq++)
        {
            stored.Add((await _nats.GetMessageAsync(Streams.Names.Orders, seq)).Headers?[MessageHeaders.MsgId]);
        }

        Assert.Equal(eventIds, stored.Select(id => id ?? "(none)"));
    }

    [RequiresLocalNatsServerFact]
    public async Task RelayPendingAsync_AgainAfterACrashBeforeRowsWereMarkedSent_StoresNoDuplicate()
    {
        var database = await TestDatabase.CreateAsync(postgres, "js_outbox_crash");
        await CommitShippedEventsAsync(database, count: 10);
        var publisher = new JetStreamOutboxPublisher(_nats.Js);
        await database.CreateRelay(publisher).RelayPendingAsync(CancellationToken.None);

        // The crash: the publishes went out, the "mark sent" never committed.
        await database.ExecuteAsync("UPDATE outbox SET sent_at = NULL");
        var second = await database.CreateRelay(publisher).RelayPendingAsync(CancellationToken.None);

        Assert.Equal(10, second.Published);
        Assert.Equal(10UL, await _nats.MessageCountAsync(Streams.Names.Orders));
    }

    [RequiresLocalNatsServerFact]
    public async Task RelayPendingAsync_RowCommittedInsideATrace_StoresTraceParentAndPublishesInThatTrace()
    {
        var database = await TestDatabase.CreateAsync(postgres, "js_outbox_trace");
        using var handling = new Activity("handle").SetIdFormat(ActivityIdFormat.W3C).Start();
        await CommitShippedEventsAsync(database, count: 1);
        handling.Stop();

        await using (var check = database.CreateContext())
        {
            Assert.Equal(handling.Id, (await check.Outbox.SingleAsync()).TraceParent);
        }

        await database.CreateRelay(new JetStreamOutboxPublisher(_nats.Js)).RelayPendingAsync(CancellationToken.None);

        // The header is the relay's publish span (a child) when spans are recorded, else the stored context itself.
        var published = ActivityContext.Parse((await _nats.GetMessageAsync(Streams.Names.Orders, 1)).Headers?[MessageHeaders.TraceParent].ToString()!, null);
        Assert.Equal(handling.TraceId, published.TraceId);
    }

    [RequiresLocalNatsServerFact]
    public async Task PublishAsync_SubjectNoStreamTakes_Fails()
    {
        var publisher = new JetStreamOutboxPublisher(_nats.Js);
        var message = new OutboxMessage { EventId = "x", Subject = "nowhere.at-all", Payload = [1], CreatedAt = DateTimeOffset.UtcNow };

        await Assert.ThrowsAnyAsync<Exception>(async () => await publisher.PublishAsync(message, CancellationToken.None));
    }

    private static async Task<List<string>> CommitShippedEventsAsync(TestDatabase database, int count)
    {
        var eventIds = new List<string>(count);
        for (var version = 1; version <= count; version++)
        {
            var eventId = EventIds.ForOrderEvent(Subjects.Orders.Shipped, "o-1", version);
            await using var db = database.CreateContext();
            var result = await database.Committer.CommitAsync(
                db, new InboxEntry($"msg-{version}", "outbox-tests"),
                [new OutgoingMessage(eventId, Subjects.Orders.Shipped, TestPayloads.Shipped("o-1", version))]);
            Assert.Equal(CommitResult.Committed, result);
            eventIds.Add(eventId);
        }

        return eventIds;
    }
}
