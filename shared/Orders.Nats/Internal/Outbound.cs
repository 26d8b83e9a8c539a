using System.IO.Pipelines;

namespace Orders.Nats.Internal;

/// <summary>
/// The outgoing side of one socket connection: commands are appended to <see cref="Pipe"/> by any
/// thread (under <see cref="CommandWriter"/>'s lock) and sent in large batches by a single send loop.
/// </summary>
internal sealed class Outbound
{
    /// <summary>Large segments so one socket write carries many small messages.</summary>
    private const int SegmentSize = 64 * 1024;

    // Pausing is disabled: FlushAsync must complete synchronously under the lock. Back-pressure
    // is applied by CommandWriter using PendingBytes instead.
    public Pipe Pipe { get; } = new(new PipeOptions(
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        minimumSegmentSize: SegmentSize,
        useSynchronizationContext: false));

    /// <summary>Released when data was written that the send loop has not committed yet.</summary>
    public SemaphoreSlim DataAvailable { get; } = new(0);

    // Fields below are guarded by CommandWriter's lock.
    public bool FlushRequested;
    public long PendingBytes;
    public bool Detached;
    public Queue<PendingPong> Pongs { get; } = new();
}
