using System.Buffers;

namespace EventRecovery.Core.Text;

/// <summary>
/// Bytes being written into a buffer from the shared pool, which grows by renting a bigger one. The owner gives the
/// buffer back with <see cref="Dispose"/>, or takes it over with <see cref="Detach"/>. A mutable struct: keep it in
/// a field (not readonly) and call it there. A default instance (no buffer yet) rents on the first write.
/// </summary>
internal struct PooledBytes(int initialSize) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialSize);

    /// <summary>How many bytes are written.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => (_buffer ?? []).AsSpan(0, Length);

    /// <summary>Free space of at least <paramref name="size"/> bytes after what is written; <see cref="Advance"/> then says how much was
    /// used.</summary>
    public Span<byte> Free(int size)
    {
        _buffer ??= [];
        if (Length + size > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + size));
            _buffer.AsSpan(0, Length).CopyTo(bigger);
            if (_buffer.Length > 0)
                ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        return _buffer.AsSpan(Length);
    }

    /// <summary>Counts <paramref name="count"/> bytes written into <see cref="Free"/> space.</summary>
    public void Advance(int count) => Length += count;

    /// <summary>Appends one byte.</summary>
    public void Append(byte b)
    {
        Free(1)[0] = b;
        Length++;
    }

    /// <summary>Appends <paramref name="bytes"/>.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Free(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>Hands over the pooled buffer holding the bytes (its first <c>Length</c>); the caller gives it back to the pool.</summary>
    public (byte[] Buffer, int Length) Detach()
    {
        var detached = (_buffer ?? [], Length);
        _buffer = [];
        Length = 0;
        return detached;
    }

    /// <summary>Gives the buffer back to the pool, unless it was handed over.</summary>
    public void Dispose()
    {
        if (_buffer is { Length: > 0 })
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        Length = 0;
    }
}
