using System.Globalization;

namespace Orders.Properties.Tests.Engine;

/// <summary>
/// How many cases a property runs and from which seeds, from the environment:
/// <c>ORDERS_PROPERTY_CASES</c> (default 500) scales a run up or down, <c>ORDERS_PROPERTY_SEED</c>
/// replays exactly one case (the seed a failure printed).
/// </summary>
internal sealed record PropertySettings(int Cases, int? ReplaySeed)
{
    public const string CasesVariable = "ORDERS_PROPERTY_CASES";
    public const string SeedVariable = "ORDERS_PROPERTY_SEED";
    public const int DefaultCases = 500;

    public static PropertySettings FromEnvironment() => new(
        ReadInt(CasesVariable) is > 0 and var cases ? cases : DefaultCases,
        ReadInt(SeedVariable));

    private static int? ReadInt(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
