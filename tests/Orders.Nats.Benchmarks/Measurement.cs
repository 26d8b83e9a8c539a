using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Orders.Nats.Benchmarks;

/// <summary>
/// Client CPU, server CPU and managed allocations at one instant. Client CPU is this process's
/// (getrusage, like peersbench); server CPU comes from /proc/$NATS_PID/stat when NATS_PID is set.
/// </summary>
internal readonly record struct Mark(TimeSpan ClientCpu, TimeSpan? ServerCpu, long AllocatedBytes, long Timestamp)
{
    public static Mark Now()
    {
        // Allocation first: reading /proc below allocates, and that is not the client's work.
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var self = Process.GetCurrentProcess();
        return new Mark(self.TotalProcessorTime, ReadServerCpu(), allocated, Stopwatch.GetTimestamp());
    }

    public TimeSpan Elapsed(Mark later) => Stopwatch.GetElapsedTime(Timestamp, later.Timestamp);

    private static TimeSpan? ReadServerCpu()
    {
        if (Environment.GetEnvironmentVariable("NATS_PID") is not { Length: > 0 } pid)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10); // USER_HZ = 100
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>Prints the one RESULT line peersbench prints, with the same keys, plus <c>alloc_per_msg</c> and <c>gc0</c>.</summary>
internal static class Report
{
    public static void Print(string bench, int ops, Mark start, Mark end, params IEnumerable<string> extra)
    {
        var seconds = start.Elapsed(end).TotalSeconds;
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture,
            $"RESULT bench={bench} ops={ops} secs={seconds:0.000} rate={ops / seconds:0} cli_cpu_us_op={PerOp(end.ClientCpu - start.ClientCpu, ops):0.00}");
        if (start.ServerCpu is { } s0 && end.ServerCpu is { } s1)
        {
            line.Append(CultureInfo.InvariantCulture, $" srv_cpu_us_op={PerOp(s1 - s0, ops):0.00}");
        }

        foreach (var field in extra)
        {
            line.Append(' ').Append(field);
        }

        line.Append(CultureInfo.InvariantCulture, $" alloc_per_msg={(double)(end.AllocatedBytes - start.AllocatedBytes) / ops:0.0}");
        Console.WriteLine(line.ToString());
    }

    /// <summary>p50/p90/p99/max in microseconds, picked like peersbench (index p·(n−1) of the sorted sample).</summary>
    public static IEnumerable<string> Latencies(long[] ticks)
    {
        Array.Sort(ticks);
        double At(double p) => ticks[(int)(p * (ticks.Length - 1))] * 1_000_000.0 / Stopwatch.Frequency;
        return
        [
            string.Create(CultureInfo.InvariantCulture, $"p50_us={At(0.50):0.0}"),
            string.Create(CultureInfo.InvariantCulture, $"p90_us={At(0.90):0.0}"),
            string.Create(CultureInfo.InvariantCulture, $"p99_us={At(0.99):0.0}"),
            string.Create(CultureInfo.InvariantCulture, $"max_us={At(1.0):0.0}"),
        ];
    }

    private static double PerOp(TimeSpan cpu, int ops) => cpu.TotalMicroseconds / ops;
}
