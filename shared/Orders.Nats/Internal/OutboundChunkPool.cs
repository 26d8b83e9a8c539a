namespace Orders.Nats.Internal;

/// <summary>
/// The fixed-size blocks outgoing commands are written into. Process-wide and bounded: it keeps as
/// many blocks as one connection may have unsent (<see cref="CommandWriter"/>'s high-water mark), so
/// a publisher running flat out reuses the same blocks instead of allocating 64 KB arrays that
/// <c>ArrayPool.Shared</c> would not keep (it retains only a few per size and core).
/// </summary>
internal static class OutboundChunkPool
{
    public const int ChunkSize = 64 * 1024;

    private const int MaxRetained = (int)(CommandWriter.HighWaterBytes / ChunkSize);

    private static readonly Stack<byte[]> Free = new(MaxRetained);

    /// <summary>A block of at least <paramref name="minimumSize"/> bytes (larger than a chunk only for huge control lines).</summary>
    public static byte[] Rent(int minimumSize)
    {
        if (minimumSize > ChunkSize)
        {
            return new byte[minimumSize];
        }

        lock (Free)
        {
            if (Free.TryPop(out var chunk))
            {
                return chunk;
            }
        }

        return GC.AllocateUninitializedArray<byte>(ChunkSize);
    }

    public static void Return(byte[] chunk)
    {
        if (chunk.Length != ChunkSize)
        {
            return;
        }

        lock (Free)
        {
            if (Free.Count < MaxRetained)
            {
                Free.Push(chunk);
            }
        }
    }
}
