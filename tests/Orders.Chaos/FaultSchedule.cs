using System.Globalization;
using System.Text;

namespace Orders.Chaos;

/// <summary>The kinds of fault a chaos run injects.</summary>
public enum FaultKind
{
    /// <summary>SIGKILL of a service instance (a crash), restarted after <see cref="PlannedFault.Downtime"/>.</summary>
    Kill,

    /// <summary>SIGTERM of a service instance (graceful shutdown), restarted after <see cref="PlannedFault.Downtime"/>.</summary>
    Stop,

    /// <summary>nats-server stopped and started again with the same JetStream store.</summary>
    NatsRestart,

    /// <summary>PostgreSQL stopped and started again with the same data.</summary>
    PostgresRestart,
}

/// <summary>One fault of the schedule.</summary>
/// <param name="At">When, from the first submit.</param>
/// <param name="Kind">What.</param>
/// <param name="Instance">The victim instance's name (<c>order-service-1</c>...) for kills and stops, else null.</param>
/// <param name="Downtime">How long a killed or stopped instance stays down before its restart.</param>
public sealed record PlannedFault(TimeSpan At, FaultKind Kind, string? Instance, TimeSpan Downtime)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FaultKind.Kill or FaultKind.Stop => string.Create(CultureInfo.InvariantCulture, $"t+{At.TotalSeconds,5:0.0}s {Kind,-15} {Instance} (down {Downtime.TotalSeconds:0.0}s)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"t+{At.TotalSeconds,5:0.0}s {Kind}"),
    };
}

/// <summary>
/// The faults of a run, planned from the seed alone: the fault window is cut into one slot per
/// fault, each fault lands at a random point of its slot (so two faults never overlap by plan),
/// and the kinds and victims are drawn at random. The same seed and options give the same schedule.
/// </summary>
public sealed class FaultSchedule
{
    // Faults stay inside this share of the window: the system first warms up, and the last one
    // leaves the rest of the window for recovery while the workload still runs.
    private const double WindowStart = 0.1;
    private const double WindowEnd = 0.85;
    private static readonly TimeSpan MinDowntime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDowntime = TimeSpan.FromSeconds(4);

    private FaultSchedule(IReadOnlyList<PlannedFault> faults) => Faults = faults;

    /// <summary>The faults, in time order.</summary>
    public IReadOnlyList<PlannedFault> Faults { get; }

    /// <summary>Plans the faults of <paramref name="options"/> over <paramref name="instances"/> (the instance names).</summary>
    public static FaultSchedule Plan(ChaosOptions options, IReadOnlyList<string> instances)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(instances);

        // Its own generator, derived from the seed by a fixed rule (HashCode is randomized per
        // process), so changing the fault switches does not change the workload and vice versa.
        var random = new Random(unchecked((options.Seed * 486187739) + 0x5EED));
        var kinds = new List<FaultKind>();
        kinds.AddRange(Enumerable.Repeat(FaultKind.Kill, options.Kills));
        if (options.GracefulStop)
        {
            kinds.Add(FaultKind.Stop);
        }

        if (options.NatsRestart)
        {
            kinds.Add(FaultKind.NatsRestart);
        }

        if (options.PostgresRestart)
        {
            kinds.Add(FaultKind.PostgresRestart);
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kinds));
        var window = options.FaultWindow;
        var slot = window * (WindowEnd - WindowStart) / Math.Max(1, kinds.Count);
        var faults = new List<PlannedFault>(kinds.Count);
        for (var i = 0; i < kinds.Count; i++)
        {
            var at = (window * WindowStart) + (slot * i) + (slot * (0.2 + (0.6 * random.NextDouble())));
            var victim = kinds[i] is FaultKind.Kill or FaultKind.Stop ? instances[random.Next(instances.Count)] : null;
            var downtime = MinDowntime + ((MaxDowntime - MinDowntime) * random.NextDouble());
            faults.Add(new PlannedFault(Round(at), kinds[i], victim, Round(downtime)));
        }

        return new FaultSchedule(faults);
    }

    /// <summary>One line per fault.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var fault in Faults)
        {
            text.AppendLine("  " + fault);
        }

        return text.Length == 0 ? "  (no faults)" + Environment.NewLine : text.ToString();
    }

    private static TimeSpan Round(TimeSpan value) => TimeSpan.FromMilliseconds(Math.Round(value.TotalMilliseconds / 100) * 100);
}
