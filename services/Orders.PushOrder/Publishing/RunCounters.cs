namespace Orders.PushOrder.Publishing;

/// <summary>Live counts of a run, read by the progress display while the run updates them.</summary>
internal sealed class RunCounters
{
    private long _published;
    private long _acked;
    private long _failed;
    private long _streamDuplicates;
    private long _paid;
    private long _paymentFailed;
    private long _awaited;

    public RunCounters(int plannedCommands, bool waiting)
    {
        PlannedCommands = plannedCommands;
        Waiting = waiting;
    }

    public int PlannedCommands { get; }

    public bool Waiting { get; }

    public long Published => Interlocked.Read(ref _published);

    public long Acked => Interlocked.Read(ref _acked);

    public long Failed => Interlocked.Read(ref _failed);

    public long StreamDuplicates => Interlocked.Read(ref _streamDuplicates);

    public long Paid => Interlocked.Read(ref _paid);

    public long PaymentFailed => Interlocked.Read(ref _paymentFailed);

    /// <summary>Orders whose outcome is awaited (acked as new); grows while publishing.</summary>
    public long Awaited => Interlocked.Read(ref _awaited);

    internal void OnPublished() => Interlocked.Increment(ref _published);

    internal void OnAcked(bool duplicate)
    {
        Interlocked.Increment(ref _acked);
        if (duplicate)
        {
            Interlocked.Increment(ref _streamDuplicates);
        }
    }

    internal void OnFailed() => Interlocked.Increment(ref _failed);

    internal void OnAwaited() => Interlocked.Increment(ref _awaited);

    internal void OnPaid() => Interlocked.Increment(ref _paid);

    internal void OnPaymentFailed() => Interlocked.Increment(ref _paymentFailed);
}
