using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Messaging.Entities;
using Orders.Messaging.Pipeline;

// Usage: Orders.Entities.Benchmarks [entities=100000] [asks=20000] [--breakdown]
// --breakdown also measures bare Akka.NET actors, adding one part of an entity at a time.
// --hold waits for a line on stdin once the entities are idle (to take a heap dump: dotnet-gcdump collect -p PID).
var breakdown = args.Contains("--breakdown");
var hold = args.Contains("--hold");
var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var entities = numbers.Length > 0 ? int.Parse(numbers[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var asks = numbers.Length > 1 ? int.Parse(numbers[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000;

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddEntityActors("bench", actors => actors.WithEntityRegion<IdleEntity>(
    "orders",
    options => options with { MaxLiveEntities = entities * 2 })); // default PassivateAfter: the parent tracks every child's idle time
using var host = builder.Build();
await host.StartAsync();
var region = host.Services.GetRequiredService<IEntityRegion<IdleEntity>>();
var timeout = TimeSpan.FromSeconds(30);

// Warm up: JIT, the parent's collections, thread pool.
for (var i = 0; i < 2_000; i++)
{
    await region.AskAsync<MessageOutcome>($"warm-{i % 10}", Incoming(i), timeout);
}

// Ask round trip: one caller, one entity (already live), sequential.
var samples = new double[asks];
for (var i = 0; i < asks; i++)
{
    var started = Stopwatch.GetTimestamp();
    await region.AskAsync<MessageOutcome>("hot", Incoming(i), timeout);
    samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
}

Array.Sort(samples);
Console.WriteLine($"ask round trip, 1 entity, {asks:N0} sequential asks: p50 {Percentile(samples, 0.50):0.0} us, p99 {Percentile(samples, 0.99):0.0} us");

// Memory per idle entity: create N entities (one message each), let them go idle, compare the heap.
var before = Heap();
const int window = 1_000;
var pending = new List<Task<MessageOutcome>>(window);
var watch = Stopwatch.StartNew();
for (var i = 0; i < entities; i++)
{
    pending.Add(region.AskAsync<MessageOutcome>($"order-{i:D7}", Incoming(i), timeout).AsTask());
    if (pending.Count == window)
    {
        await Task.WhenAll(pending);
        pending.Clear();
    }
}

await Task.WhenAll(pending);
watch.Stop();
var after = Heap();
Console.WriteLine($"created {entities:N0} entities (one Ask each) in {watch.Elapsed.TotalSeconds:0.00} s: {entities / watch.Elapsed.TotalSeconds:N0} entities/s");
Console.WriteLine($"memory per idle entity actor with {entities:N0} live: {(after - before) / (double)entities:N0} B (managed heap after full GC, parent's bookkeeping included)");

if (hold)
{
    Console.WriteLine($"holding (pid {Environment.ProcessId}); press Enter to stop");
    Console.ReadLine();
}

await host.StopAsync();

if (breakdown)
{
    await FloorBreakdown.RunAsync(entities, timeout);
}

return 0;

static Incoming<Ping> Incoming(int i) => new(Ping.Instance, $"m-{i}", "bench", new DeliveryInfo("BENCH", (ulong)i, 1, DateTimeOffset.UnixEpoch));

static long Heap() => HeapMeter.AfterFullGc();

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

/// <summary>A message the entity answers at once.</summary>
internal sealed class Ping
{
    public static Ping Instance { get; } = new();
}

/// <summary>
/// An entity in the services' shape (<see cref="EntityActor{TState, TChange}"/>) whose store is empty:
/// what an idle order actor costs apart from the order it caches.
/// </summary>
internal sealed class IdleEntity(EntityRuntime runtime) : EntityActor<object, object>(runtime)
{
    protected override ValueTask<object?> LoadAsync(string entityId, IServiceProvider services, CancellationToken ct) =>
        ValueTask.FromResult<object?>(null);

    protected override ValueTask<EntityDecision<object, object>> DecideAsync(
        string entityId, object? state, IIncoming incoming, EntityAttempt attempt, IServiceProvider services, CancellationToken ct) =>
        ValueTask.FromResult(Answer(MessageOutcome.Ack));

    protected override ValueTask<EntityCommit<object>> CommitAsync(
        string entityId, object? state, EntityDecision<object, object>.Commit commit, IIncoming incoming, IServiceProvider services, CancellationToken ct) =>
        throw new NotSupportedException("never commits");
}
