using System.Text;
using Xunit.Sdk;

namespace Orders.Properties.Tests.Engine;

/// <summary>
/// A seeded property: generate a case from a seed, check it, and on failure shrink it to a small
/// case that still fails and fail the test with the seed and that case. Every case gets its own
/// seed, so one seed replays one case exactly (<see cref="PropertySettings.SeedVariable"/>).
/// </summary>
/// <typeparam name="TCase">A generated input, immutable.</typeparam>
/// <param name="Name">Shown in the failure message.</param>
/// <param name="Generate">Builds a case from a seeded random source (and the seed, to record it).</param>
/// <param name="Check">Null when the property holds for the case, else what went wrong.</param>
/// <param name="Shrink">Smaller variants of a case, most promising first; each must be a valid case.</param>
/// <param name="Describe">The case in readable lines, for the failure message.</param>
internal sealed record Property<TCase>(
    string Name,
    Func<Random, int, TCase> Generate,
    Func<TCase, string?> Check,
    Func<TCase, IEnumerable<TCase>> Shrink,
    Func<TCase, string> Describe)
{
    /// <summary>Bounds the shrinking so that a failure is reported in seconds, not minutes.</summary>
    private const int MaxShrinkChecks = 5_000;

    /// <summary>Runs the cases the settings ask for; throws <see cref="XunitException"/> on the first failing one.</summary>
    public int Run(PropertySettings settings)
    {
        if (settings.ReplaySeed is { } replay)
        {
            RunOne(replay);
            return 1;
        }

        // A new base seed per run explores new cases every time; a failure prints its own seed.
        var baseSeed = Random.Shared.Next();
        for (var i = 0; i < settings.Cases; i++)
        {
            RunOne(unchecked(baseSeed + i) & int.MaxValue);
        }

        return settings.Cases;
    }

    private void RunOne(int seed)
    {
        var generated = Generate(new Random(seed), seed);
        if (Check(generated) is not { } failure)
        {
            return;
        }

        var (shrunk, shrunkFailure, checks) = ShrinkFailing(generated, failure);
        var message = new StringBuilder()
            .AppendLine($"Property '{Name}' failed for seed {seed} (replay: {PropertySettings.SeedVariable}={seed}).")
            .AppendLine($"Shrunk in {checks} checks to:")
            .AppendLine(Describe(shrunk))
            .AppendLine($"Failure of the shrunk case: {shrunkFailure}")
            .AppendLine($"The original case failed with: {FirstLine(failure)}");
        throw new XunitException(message.ToString());
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();

    /// <summary>Greedy: take the first smaller variant that still fails, start again from it, stop when none does.</summary>
    private (TCase Case, string Failure, int Checks) ShrinkFailing(TCase failing, string failure)
    {
        var checks = 0;
        var improved = true;
        while (improved && checks < MaxShrinkChecks)
        {
            improved = false;
            foreach (var candidate in Shrink(failing))
            {
                if (++checks > MaxShrinkChecks)
                {
                    break;
                }

                if (Check(candidate) is { } candidateFailure)
                {
                    (failing, failure, improved) = (candidate, candidateFailure, true);
                    break;
                }
            }
        }

        return (failing, failure, checks);
    }
}
