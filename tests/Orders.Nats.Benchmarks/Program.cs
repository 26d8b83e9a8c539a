using Orders.Nats;
using Orders.Nats.Benchmarks;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"{ex.Message}\n{BenchOptions.Usage}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var run = options.Mode switch
{
    "pub" => CoreBenchmarks.PubAsync(options, cancel.Token),
    "sub" => CoreBenchmarks.SubAsync(options, cancel.Token),
    "pubsub" => CoreBenchmarks.PubSubAsync(options, cancel.Token),
    "req" => CoreBenchmarks.ReqAsync(options, cancel.Token),
    "jspub" or "jsasync" or "jspush" or "jspull" => JetStreamBenchmarks.RunAsync(options, cancel.Token),
    _ => null,
};
if (run is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

try
{
    await run;
    return 0;
}
catch (Exception ex) when (ex is NatsException or TimeoutException or InvalidOperationException or OperationCanceledException)
{
    Console.Error.WriteLine($"Orders.Nats.Benchmarks: {options.Mode} failed: {ex.Message}");
    return 1;
}
