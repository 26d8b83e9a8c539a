using System.Globalization;
using System.Text;

namespace Orders.Testing.SystemUnderTest;

/// <summary>The outcome of one invariant: how much it looked at and the first violations it found.</summary>
/// <param name="Name">Short name, e.g. <c>one capture per order</c>.</param>
/// <param name="Checked">How many items (orders, messages, rows) it checked.</param>
/// <param name="Violations">How many violations it found in all.</param>
/// <param name="Examples">The first few violations, readable on their own.</param>
public sealed record InvariantResult(string Name, int Checked, int Violations, IReadOnlyList<string> Examples)
{
    /// <summary>True when nothing violated it.</summary>
    public bool Passed => Violations == 0;
}

/// <summary>Every invariant's result; print it (<see cref="ToString"/>) whatever the outcome.</summary>
public sealed record InvariantReport(IReadOnlyList<InvariantResult> Results)
{
    /// <summary>True when every invariant passed.</summary>
    public bool AllPassed => Results.All(r => r.Passed);

    /// <summary>The failed ones.</summary>
    public IEnumerable<InvariantResult> Failures => Results.Where(r => !r.Passed);

    /// <summary>A Markdown table (PASS/FAIL, checked, violations) followed by the example violations of each failure.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("| invariant | result | checked | violations |");
        text.AppendLine("| --- | --- | ---: | ---: |");
        foreach (var result in Results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {result.Name} | {(result.Passed ? "PASS" : "FAIL")} | {result.Checked} | {result.Violations} |");
        }

        foreach (var failure in Failures)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{failure.Name}: first {failure.Examples.Count} of {failure.Violations} violations");
            foreach (var example in failure.Examples)
            {
                text.AppendLine("  - " + example);
            }
        }

        return text.ToString();
    }
}
