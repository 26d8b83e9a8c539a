using Orders.Monitor.Watching;

namespace Orders.Monitor.Console;

/// <summary>
/// Writes one line per event to standard output (the host's logs go to standard error, so
/// <c>orders-monitor &gt; events.log</c> keeps just the lines).
/// </summary>
internal sealed class ConsoleEventSink(TextWriter output, bool colour) : IMonitorEventSink
{
    public void Accept(MonitorEvent monitorEvent) => output.WriteLine(ConsoleLineFormatter.Format(monitorEvent, colour));
}
