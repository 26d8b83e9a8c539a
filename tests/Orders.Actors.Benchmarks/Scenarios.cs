using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Orders.Actors.Entities;

namespace Orders.Actors.Benchmarks;

/// <summary>
/// Each scenario does the same work twice: through Orders.Actors, and through a plain
/// System.Threading.Channels consumer (one unbounded single-reader channel and one consumer task per
/// actor), which is the floor any mailbox built on the thread pool is measured against.
/// </summary>
internal static class Scenarios
{
    private static readonly object Ping = new();

    public static async Task<IEnumerable<Result>> TellOneActorAsync(int messages)
    {
        Console.WriteLine($"tell: {messages:N0} messages to one actor");
        var viaActors = await MedianOfAsync(async () =>
        {
            await using var system = new ActorSystem("bench");
            var done = new Completion(messages);
            var actor = system.ActorOf("counter", () => new CountingActor(done));
            return Rate(messages, () =>
            {
                for (var i = 0; i < messages; i++)
                {
                    actor.Tell(Ping);
                }
            }, done);
        });
        var viaChannels = await MedianOfAsync(() =>
        {
            var done = new Completion(messages);
            var writer = ChannelConsumer.Start(done);
            return Task.FromResult(Rate(messages, () =>
            {
                for (var i = 0; i < messages; i++)
                {
                    writer.TryWrite(Ping);
                }
            }, done));
        });
        return
        [
            new Result("Tell, 1 actor", "msg/s", viaActors.Rate, viaChannels.Rate, HigherIsBetter: true),
            new Result("Tell, 1 actor: allocated per message", "bytes", viaActors.AllocatedPerMessage, viaChannels.AllocatedPerMessage, HigherIsBetter: false),
        ];
    }

    public static async Task<IEnumerable<Result>> TellSpreadAsync(int messages, int actors)
    {
        Console.WriteLine($"spread: {messages:N0} messages round-robin over {actors:N0} actors");
        var viaActors = await MedianOfAsync(async () =>
        {
            await using var system = new ActorSystem("bench");
            var done = new Completion(messages);
            var refs = Enumerable.Range(0, actors).Select(i => system.ActorOf($"a{i}", () => new CountingActor(done))).ToArray();
            return Rate(messages, () =>
            {
                for (var i = 0; i < messages; i++)
                {
                    refs[i % actors].Tell(Ping);
                }
            }, done);
        });
        var viaChannels = await MedianOfAsync(() =>
        {
            var done = new Completion(messages);
            var writers = Enumerable.Range(0, actors).Select(_ => ChannelConsumer.Start(done)).ToArray();
            return Task.FromResult(Rate(messages, () =>
            {
                for (var i = 0; i < messages; i++)
                {
                    writers[i % actors].TryWrite(Ping);
                }
            }, done));
        });
        return
        [
            new Result($"Tell, spread over {actors:N0} actors", "msg/s", viaActors.Rate, viaChannels.Rate, HigherIsBetter: true),
            new Result($"Tell, spread over {actors:N0} actors: allocated per message", "bytes", viaActors.AllocatedPerMessage, viaChannels.AllocatedPerMessage, HigherIsBetter: false),
        ];
    }

    public static async Task<IEnumerable<Result>> AskLatencyAsync(int asks)
    {
        Console.WriteLine($"ask: {asks:N0} sequential round trips");
        await using var system = new ActorSystem("bench");
        var echo = system.ActorOf("echo", () => new EchoActor());
        var actorLatencies = await MeasureAsync(asks, () => echo.AskAsync<object>(Ping));

        var requests = Channel.CreateUnbounded<TaskCompletionSource<object>>(new UnboundedChannelOptions { SingleReader = true });
        _ = Task.Run(async () =>
        {
            await foreach (var request in requests.Reader.ReadAllAsync())
            {
                request.TrySetResult(Ping);
            }
        });
        var channelLatencies = await MeasureAsync(asks, () =>
        {
            var reply = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            requests.Writer.TryWrite(reply);
            return new ValueTask<object>(reply.Task);
        });
        requests.Writer.Complete();

        return
        [
            new Result("Ask round trip p50", "µs", Percentile(actorLatencies, 0.50), Percentile(channelLatencies, 0.50), HigherIsBetter: false),
            new Result("Ask round trip p99", "µs", Percentile(actorLatencies, 0.99), Percentile(channelLatencies, 0.99), HigherIsBetter: false),
        ];
    }

    public static async Task<Result> RegionRoutingAsync(int messages, int keys)
    {
        Console.WriteLine($"region: {messages:N0} messages over {keys:N0} entity ids (entities created on first message)");
        var ids = Enumerable.Range(0, keys).Select(i => $"order-{i}").ToArray();
        var viaRegion = await MedianOfAsync(async () =>
        {
            await using var services = new ServiceCollection().BuildServiceProvider();
            await using var system = new ActorSystem("bench", services: services);
            var done = new Completion(messages);
            var region = system.CreateEntityRegion<CountingEntity>("orders", new EntityRegionOptions { PassivateAfter = null, MaxLiveEntities = null });
            CountingEntity.Done = done;
            return Rate(messages, () =>
            {
                for (var i = 0; i < messages; i++)
                {
                    region.Tell(ids[i % keys], Ping);
                }
            }, done);
        });
        var viaChannels = await MedianOfAsync(() =>
        {
            var done = new Completion(messages);
            var consumers = new ConcurrentDictionary<string, ChannelWriter<object>>(StringComparer.Ordinal);
            return Task.FromResult(Rate(messages, () =>
            {
                for (var i = 0; i < messages; i++)
                {
                    consumers.GetOrAdd(ids[i % keys], static (_, d) => ChannelConsumer.Start(d), done).TryWrite(Ping);
                }
            }, done));
        });
        return new Result($"Region routing, {keys:N0} keys", "msg/s", viaRegion.Rate, viaChannels.Rate, HigherIsBetter: true);
    }

    public static async Task<IEnumerable<Result>> IdleMemoryAsync(int entities)
    {
        Console.WriteLine($"memory: {entities:N0} idle entities (one message each, then idle)");
        var ids = Enumerable.Range(0, entities).Select(i => $"order-{i}").ToArray(); // the caller's ids, made before measuring

        async Task<double> EntityBytesAsync(bool scopePerIncarnation)
        {
            await using var services = new ServiceCollection().BuildServiceProvider();
            await using var system = new ActorSystem("bench", services: services);
            var options = new EntityRegionOptions { PassivateAfter = null, MaxLiveEntities = null, ScopePerIncarnation = scopePerIncarnation };
            var region = system.CreateEntityRegion<CountingEntity>("orders", options);
            var done = new Completion(entities);
            CountingEntity.Done = done;
            var before = GC.GetTotalMemory(forceFullCollection: true);
            foreach (var id in ids)
            {
                region.Tell(id, Ping);
            }

            await done.Task;
            var after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(region);
            return (after - before) / (double)entities;
        }

        var withScope = await EntityBytesAsync(scopePerIncarnation: true);
        var withoutScope = await EntityBytesAsync(scopePerIncarnation: false);

        var channelBytes = await Task.Run(async () =>
        {
            var done = new Completion(entities);
            var consumers = new Dictionary<string, ChannelWriter<object>>(entities, StringComparer.Ordinal);
            var before = GC.GetTotalMemory(forceFullCollection: true);
            foreach (var id in ids)
            {
                var writer = ChannelConsumer.Start(done);
                consumers[id] = writer;
                writer.TryWrite(Ping);
            }

            await done.Task;
            var after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(consumers);
            return (after - before) / (double)entities;
        });

        return
        [
            new Result("Idle entity, DI scope per incarnation (default)", "bytes", withScope, channelBytes, HigherIsBetter: false),
            new Result("Idle entity, no DI scope", "bytes", withoutScope, channelBytes, HigherIsBetter: false),
        ];
    }

    /// <summary>Runs a measurement once to warm up, then three times, and returns the median by rate.</summary>
    private static async Task<Throughput> MedianOfAsync(Func<Task<Throughput>> measure)
    {
        await measure();
        var runs = new List<Throughput>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await measure());
        }

        runs.Sort((a, b) => a.Rate.CompareTo(b.Rate));
        return runs[1];
    }

    /// <summary>Sends and waits until every message is handled; allocations are counted on all threads.</summary>
    private static Throughput Rate(int messages, Action send, Completion done)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        send();
        done.Task.GetAwaiter().GetResult();
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new Throughput(messages / elapsed.TotalSeconds, allocated / (double)messages);
    }

    private readonly record struct Throughput(double Rate, double AllocatedPerMessage);

    private static async Task<double[]> MeasureAsync(int count, Func<ValueTask<object>> roundTrip)
    {
        for (var i = 0; i < count / 10; i++)
        {
            await roundTrip(); // warm-up
        }

        var latencies = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await roundTrip();
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(latencies);
        return latencies;
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];

    /// <summary>Counts handled messages across all consumers; completes at the expected total.</summary>
    internal sealed class Completion(int expected)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public Task Task => _done.Task;

        public void Handled()
        {
            if (Interlocked.Increment(ref _count) == expected)
            {
                _done.TrySetResult();
            }
        }
    }

    private sealed class CountingActor(Completion done) : Actor
    {
        protected override ValueTask ReceiveAsync(object message)
        {
            done.Handled();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class EchoActor : Actor
    {
        protected override ValueTask ReceiveAsync(object message)
        {
            Reply(message);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class CountingEntity : EntityActor
    {
        public static Completion Done { get; set; } = new(0);

        protected override ValueTask ReceiveAsync(object message)
        {
            Done.Handled();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The baseline: one unbounded single-reader channel drained by one async consumer.</summary>
    private static class ChannelConsumer
    {
        public static ChannelWriter<object> Start(Completion done)
        {
            var channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
            _ = ConsumeAsync(channel.Reader, done);
            return channel.Writer;
        }

        private static async Task ConsumeAsync(ChannelReader<object> reader, Completion done)
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out _))
                {
                    done.Handled();
                }
            }
        }
    }
}
