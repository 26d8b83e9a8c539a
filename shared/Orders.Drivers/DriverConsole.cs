namespace Orders.Drivers;

/// <summary>
/// Where a driver writes: results to <see cref="Out"/>, problems and (with <c>--json</c>)
/// progress to <see cref="Error"/>. <see cref="IsTerminal"/> selects a live progress display
/// over plain periodic lines. Tests pass string writers.
/// </summary>
internal sealed record DriverConsole(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    /// <summary>The process's console; a terminal when standard output is not redirected.</summary>
    public static DriverConsole FromProcess() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);
}
