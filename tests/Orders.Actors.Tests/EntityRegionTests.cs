using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orders.Actors.Entities;

namespace Orders.Actors.Tests;

public sealed class EntityRegionTests : IAsyncLifetime
{
    private readonly ServiceProvider _services;
    private readonly ActorSystem _system;
    private readonly Journal _journal = new();

    public EntityRegionTests()
    {
        _services = new ServiceCollection().AddSingleton(_journal).AddScoped<ScopedThing>().BuildServiceProvider();
        _system = new ActorSystem("test", services: _services);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _system.ShutdownAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task AskAsync_FirstMessage_CreatesEntityThroughDiWithItsId()
    {
        var region = _system.CreateEntityRegion<JournalingEntity>("orders");

        var reply = await region.AskAsync<string>("o-1", "whoami").Within();

        Assert.Equal("o-1", reply);
        Assert.Equal(1, region.LiveEntities);
    }

    [Fact]
    public async Task Tell_SameId_ReachesSameIncarnation()
    {
        var region = _system.CreateEntityRegion<JournalingEntity>("orders", new EntityRegionOptions { PassivateAfter = null });

        region.Tell("o-1", new Ordered(0, 0));
        region.Tell("o-1", new Ordered(0, 1));
        var scopes = await Task.WhenAll(region.AskAsync<Guid>("o-1", "scope").AsTask(), region.AskAsync<Guid>("o-1", "scope").AsTask()).Within();

        Assert.Equal(scopes[0], scopes[1]);
        Assert.Equal(1, _journal.Incarnations("o-1"));
    }

    [Fact]
    public async Task Passivation_IdleEntity_StopsAndNextMessageCreatesNewIncarnationWithNewScope()
    {
        var region = _system.CreateEntityRegion<JournalingEntity>("orders", new EntityRegionOptions { PassivateAfter = TimeSpan.FromMilliseconds(40) });
        var firstScope = await region.AskAsync<Guid>("o-1", "scope").Within();

        await Eventually.TrueAsync(() => _journal.Stops("o-1") == 1, because: "the idle entity is passivated");
        var secondScope = await region.AskAsync<Guid>("o-1", "scope").Within();

        Assert.NotEqual(firstScope, secondScope);
        Assert.Equal(2, _journal.Incarnations("o-1"));
        Assert.True(_journal.ScopeDisposed(firstScope));
    }

    [Fact]
    public async Task MaxLiveEntities_Exceeded_PassivatesLeastRecentlyUsed()
    {
        var region = _system.CreateEntityRegion<JournalingEntity>("orders", new EntityRegionOptions { PassivateAfter = null, MaxLiveEntities = 20 });
        for (var i = 0; i < 20; i++)
        {
            await region.AskAsync<string>($"o-{i}", "whoami").Within();
        }

        // o-0 is now the most recently used; o-1 the least.
        await region.AskAsync<string>("o-0", "whoami").Within();
        await region.AskAsync<string>("o-20", "whoami").Within();

        await Eventually.TrueAsync(() => _journal.Stops("o-1") == 1, because: "the least recently used entity is evicted");

        Assert.True(region.LiveEntities <= 20, $"{region.LiveEntities} live");
        Assert.Equal(0, _journal.Stops("o-0"));
    }

    [Fact]
    public async Task Passivation_ConcurrentSendersUnderChurn_NoMessageLostOrDuplicatedAndPerKeyOrderKept()
    {
        var region = _system.CreateEntityRegion<JournalingEntity>("orders", new EntityRegionOptions
        {
            PassivateAfter = TimeSpan.FromMilliseconds(10),
            MaxLiveEntities = 16,
        });
        const int senders = 4, keys = 64, perKey = 150, chunk = 25;

        for (var from = 0; from < perKey; from += chunk)
        {
            // Concurrent senders for a chunk of each sequence...
            var start = from;
            await Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
            {
                for (var sequence = start; sequence < start + chunk; sequence++)
                {
                    for (var key = 0; key < keys; key++)
                    {
                        region.Tell($"k-{key}", new Ordered(sender, sequence));
                    }

                    await Task.Yield();
                }
            })));

            // ...then let entities go idle, so passivation (idle and over the bound) races the next chunk.
            // A test thread that resumes late may find every entity already passivated (no stop is
            // left to see): no live entity counts as "passivated" too.
            var stopsBefore = _journal.AllStops;
            await Eventually.TrueAsync(
                () => _journal.AllStops > stopsBefore || region.LiveEntities == 0,
                because: "idle entities are passivated, or none is live any more");
        }

        await Eventually.TrueAsync(() => _journal.Total == senders * keys * perKey, TimeSpan.FromSeconds(60), "every message is handled");

        Assert.Equal(senders * keys * perKey, _journal.Total);
        Assert.Empty(_journal.OrderViolations());
        Assert.Equal(0, _journal.OverlappingIncarnations);
        Assert.True(_journal.AllIncarnations > keys, $"expected passivation churn, saw {_journal.AllIncarnations} incarnations");
    }

    [Fact]
    public async Task Metrics_LiveEntitiesAndMailboxMessages_AreObservable()
    {
        var region = _system.CreateEntityRegion<JournalingEntity>("orders", new EntityRegionOptions { PassivateAfter = null });
        await region.AskAsync<string>("o-1", "whoami").Within();
        await region.AskAsync<string>("o-2", "whoami").Within();
        var observed = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Orders.Actors")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Equal(2, observed["orders.actors.entity.live"]);
        Assert.Equal(0, observed["orders.actors.entity.mailbox_messages"]);

        void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "actor.region", Value: "orders" })
                {
                    observed[instrument.Name] = value;
                }
            }
        }
    }

    /// <summary>Per key: the messages every incarnation handled, in order; and incarnation overlaps.</summary>
    internal sealed class Journal
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<Ordered>> _handled = new();
        private readonly ConcurrentDictionary<string, int> _live = new();
        private readonly ConcurrentDictionary<string, int> _incarnations = new();
        private readonly ConcurrentDictionary<string, int> _stops = new();
        private readonly ConcurrentDictionary<Guid, bool> _disposedScopes = new();
        private int _total;
        private int _overlapping;
        private int _allIncarnations;
        private int _allStops;

        public int Total => Volatile.Read(ref _total);

        public int OverlappingIncarnations => Volatile.Read(ref _overlapping);

        public int AllIncarnations => Volatile.Read(ref _allIncarnations);

        public int AllStops => Volatile.Read(ref _allStops);

        public int Incarnations(string id) => _incarnations.GetValueOrDefault(id);

        public int Stops(string id) => _stops.GetValueOrDefault(id);

        public bool ScopeDisposed(Guid scope) => _disposedScopes.ContainsKey(scope);

        public void Started(string id)
        {
            Interlocked.Increment(ref _allIncarnations);
            _incarnations.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (_live.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref _overlapping);
            }
        }

        public void Stopped(string id)
        {
            _live.AddOrUpdate(id, 0, (_, n) => n - 1);
            _stops.AddOrUpdate(id, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _allStops);
        }

        public void Handled(string id, Ordered message)
        {
            _handled.GetOrAdd(id, _ => new()).Enqueue(message);
            Interlocked.Increment(ref _total);
        }

        public void ScopeEnded(Guid scope) => _disposedScopes[scope] = true;

        public List<string> OrderViolations()
        {
            var violations = new List<string>();
            foreach (var (id, messages) in _handled)
            {
                foreach (var bySender in messages.GroupBy(m => m.Sender))
                {
                    var sequence = bySender.Select(m => m.Sequence).ToArray();
                    if (!sequence.SequenceEqual(Enumerable.Range(0, sequence.Length)))
                    {
                        violations.Add($"{id} sender {bySender.Key}: {string.Join(',', sequence.Take(20))}...");
                    }
                }
            }

            return violations;
        }
    }

    internal sealed class ScopedThing(Journal journal) : IDisposable
    {
        public Guid Id { get; } = Guid.NewGuid();

        public void Dispose() => journal.ScopeEnded(Id);
    }

    internal sealed class JournalingEntity(Journal journal, ScopedThing scoped) : EntityActor
    {
        protected override ValueTask PreStartAsync()
        {
            journal.Started(EntityId);
            return ValueTask.CompletedTask;
        }

        protected override ValueTask PostStopAsync()
        {
            journal.Stopped(EntityId);
            return ValueTask.CompletedTask;
        }

        protected override async ValueTask ReceiveAsync(object message)
        {
            switch (message)
            {
                case Ordered ordered:
                    journal.Handled(EntityId, ordered);
                    if (ordered.Sequence % 7 == 0)
                    {
                        await Task.Yield();
                    }

                    break;
                case "whoami":
                    Reply(EntityId);
                    break;
                case "scope":
                    Reply(scoped.Id);
                    break;
            }
        }
    }
}
