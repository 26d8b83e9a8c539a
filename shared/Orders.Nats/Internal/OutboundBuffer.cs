using System.Buffers;
using System.Runtime.CompilerServices;

namespace Orders.Nats.Internal;

/// <summary>
/// Commands written but not yet handed to the socket: a chain of pooled chunks. Not thread-safe:
/// used under <see cref="CommandWriter"/>'s lock. <see cref="TakeAll"/> hands everything written so far
/// to the one sender; <see cref="Release"/> gives the chunks back once the socket has them.
/// </summary>
internal sealed class OutboundBuffer : IBufferWriter<byte>
{
    private readonly List<ArraySegment<byte>> _filled = [];
    private byte[]? _head;
    private int _headUsed;

    /// <summary>Bytes written and not taken yet.</summary>
    public long Length { get; private set; }

    public Span<byte> GetSpan(int sizeHint = 0) => GetArraySegment(sizeHint).AsSpan();

    /// <summary>
    /// Room for <paramref name="size"/> bytes in the chunk being written to, or false when a new chunk
    /// is needed: small enough to be inlined into the publish path, which then writes without further calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetHeadSpan(int size, out Span<byte> span)
    {
        var head = _head;
        if (head is not null && head.Length - _headUsed >= size)
        {
            span = head.AsSpan(_headUsed);
            return true;
        }

        span = default;
        return false;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => GetArraySegment(sizeHint).AsMemory();

    public void Advance(int count)
    {
        _headUsed += count;
        Length += count;
    }

    /// <summary>True when at least one chunk is full (the one being written to is not counted).</summary>
    public bool HasFullChunks => _filled.Count > 0;

    /// <summary>Moves the full chunks into <paramref name="batch"/>, keeping the one still being written to.</summary>
    public void TakeFullChunks(List<ArraySegment<byte>> batch)
    {
        foreach (var segment in _filled)
        {
            batch.Add(segment);
            Length -= segment.Count;
        }

        _filled.Clear();
    }

    /// <summary>Moves every written byte into <paramref name="batch"/> (in order); the buffer is empty afterwards.</summary>
    public void TakeAll(List<ArraySegment<byte>> batch)
    {
        batch.AddRange(_filled);
        _filled.Clear();
        if (_head is not null && _headUsed > 0)
        {
            batch.Add(new ArraySegment<byte>(_head, 0, _headUsed));
            _head = null;
            _headUsed = 0;
        }

        Length = 0;
    }

    /// <summary>Returns the chunks of a sent batch to the pool and clears it.</summary>
    public static void Release(List<ArraySegment<byte>> batch)
    {
        foreach (var segment in batch)
        {
            OutboundChunkPool.Return(segment.Array!);
        }

        batch.Clear();
    }

    /// <summary>Gives every chunk back (the connection is gone; unsent commands are dropped, as before).</summary>
    public void Discard()
    {
        foreach (var segment in _filled)
        {
            OutboundChunkPool.Return(segment.Array!);
        }

        _filled.Clear();
        if (_head is not null)
        {
            OutboundChunkPool.Return(_head);
            _head = null;
        }

        _headUsed = 0;
        Length = 0;
    }

    private ArraySegment<byte> GetArraySegment(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_head is null || _head.Length - _headUsed < needed)
        {
            if (_head is not null && _headUsed > 0)
            {
                _filled.Add(new ArraySegment<byte>(_head, 0, _headUsed));
            }
            else if (_head is not null)
            {
                OutboundChunkPool.Return(_head);
            }

            _head = OutboundChunkPool.Rent(needed);
            _headUsed = 0;
        }

        return new ArraySegment<byte>(_head, _headUsed, _head.Length - _headUsed);
    }
}
