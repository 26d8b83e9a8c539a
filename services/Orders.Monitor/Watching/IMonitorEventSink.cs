namespace Orders.Monitor.Watching;

/// <summary>Something that shows what the monitor sees (the console, the dashboard). Called for every event, one at a time, in arrival order.</summary>
internal interface IMonitorEventSink
{
    /// <summary>Takes one event; must be quick and must not throw for any event.</summary>
    void Accept(MonitorEvent monitorEvent);
}
