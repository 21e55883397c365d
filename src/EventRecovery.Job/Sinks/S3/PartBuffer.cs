using System.Buffers;

namespace EventRecovery.Job.Sinks.S3;

/// <summary>
/// Bytes of one part being filled, in one pooled array that grows as needed: small parts (a flush every few seconds)
/// stay small, large ones stop growing at the part size plus one record.
/// </summary>
internal sealed class PartBuffer : IDisposable
{
    private byte[] _array;

    public PartBuffer(int initialCapacity) => _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>Bytes held.</summary>
    public int Length { get; private set; }

    /// <summary>Appends a record and its line terminator.</summary>
    public void AppendLine(ReadOnlySpan<byte> record)
    {
        var needed = Length + record.Length + 1;
        if (needed > _array.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_array.Length * 2)));
            _array.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }
        record.CopyTo(_array.AsSpan(Length));
        _array[Length + record.Length] = (byte)'\n';
        Length = needed;
    }

    /// <summary>A fresh read-only stream over the bytes, one per upload attempt (the SDK closes what it is given).</summary>
    public MemoryStream OpenRead() => new(_array, 0, Length, writable: false);

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, []);
        if (array.Length > 0)
            ArrayPool<byte>.Shared.Return(array);
        Length = 0;
    }
}
