using Orders.Actors.Benchmarks;

// Usage: dotnet run -c Release --project tests/Orders.Actors.Benchmarks -- [all|tell|spread|ask|region|memory]... [--quick]
var quick = args.Contains("--quick");
var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).DefaultIfEmpty("all").ToHashSet();
bool Run(string name) => selected.Contains("all") || selected.Contains(name);

var scale = quick ? 0.2 : 1.0;
var results = new List<Result>();
Console.WriteLine($"Orders.Actors benchmarks ({(quick ? "quick" : "full")}), {Environment.ProcessorCount} cores, .NET {Environment.Version}");

if (Run("tell"))
{
    results.AddRange(await Scenarios.TellOneActorAsync((int)(5_000_000 * scale)));
}

if (Run("spread"))
{
    results.AddRange(await Scenarios.TellSpreadAsync((int)(5_000_000 * scale), actors: 10_000));
}

if (Run("ask"))
{
    results.AddRange(await Scenarios.AskLatencyAsync((int)(50_000 * scale)));
}

if (Run("region"))
{
    results.Add(await Scenarios.RegionRoutingAsync((int)(2_000_000 * scale), keys: 100_000));
}

if (Run("memory"))
{
    results.AddRange(await Scenarios.IdleMemoryAsync(quick ? 200_000 : 1_000_000));
}

Result.PrintTable(results);
