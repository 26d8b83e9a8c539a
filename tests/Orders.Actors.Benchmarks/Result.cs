using System.Globalization;

namespace Orders.Actors.Benchmarks;

/// <summary>One row: the actor runtime and the plain-channel baseline measured the same way.</summary>
internal sealed record Result(string Scenario, string Unit, double Actors, double Channels, bool HigherIsBetter)
{
    /// <summary>Actors relative to channels, oriented so that above 1 means the actors did better.</summary>
    public double Ratio => HigherIsBetter ? Actors / Channels : Channels / Actors;

    public static void PrintTable(IEnumerable<Result> results)
    {
        Console.WriteLine();
        Console.WriteLine("| Scenario | Unit | Orders.Actors | Channels baseline | Ratio (actors/channels, >1 = actors better) |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Unit} | {Format(r.Actors)} | {Format(r.Channels)} | {r.Ratio:0.00} |"));
        }
    }

    private static string Format(double value) => value switch
    {
        >= 1_000_000 => (value / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " M",
        >= 10_000 => (value / 1_000).ToString("0.0", CultureInfo.InvariantCulture) + " k",
        _ => value.ToString("0.0", CultureInfo.InvariantCulture),
    };
}
