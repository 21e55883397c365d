using System.Buffers;

namespace EventRecovery.Job.Sources;

/// <summary>One input line inside a <see cref="LineBatch"/>'s buffer.</summary>
/// <param name="Offset">Start in the batch buffer.</param>
/// <param name="Length">Bytes kept (without the line terminator).</param>
/// <param name="Number">1-based line number in its split.</param>
/// <param name="FullLength">The line's real length; larger than <paramref name="Length"/> when it was too long to keep.</param>
public readonly record struct LineRef(int Offset, int Length, long Number, long FullLength)
{
    /// <summary>Whether the line exceeded the size limit and only its start was kept.</summary>
    public bool IsTruncated => FullLength > Length;
}

/// <summary>
/// Consecutive lines of one split, sharing one pooled buffer. The unit handed from the reader to the workers,
/// sized so that a few of them keep every core busy while memory stays bounded.
/// </summary>
public sealed class LineBatch : IDisposable
{
    private byte[]? _buffer;

    internal LineBatch(InputSplit split, long sequence, byte[] buffer, List<LineRef> lines, long endOffset, long endLine, bool isEndOfSplit)
    {
        Split = split;
        Sequence = sequence;
        _buffer = buffer;
        Lines = lines;
        EndOffset = endOffset;
        EndLine = endLine;
        IsEndOfSplit = isEndOfSplit;
    }

    /// <summary>Where the lines come from.</summary>
    public InputSplit Split { get; }

    /// <summary>Position of the batch in its split (0, 1, 2…), for tracking what is complete.</summary>
    public long Sequence { get; }

    /// <summary>The lines.</summary>
    public List<LineRef> Lines { get; }

    /// <summary>Offset in the object's (decompressed) bytes just after the last line of the batch: where a resumed run starts.</summary>
    public long EndOffset { get; }

    /// <summary>Number of the last line consumed (blank ones included), so a resumed run keeps line numbers.</summary>
    public long EndLine { get; }

    /// <summary>Whether the split has no more lines after this batch (which may be empty).</summary>
    public bool IsEndOfSplit { get; }

    /// <summary>On the last batch of a split that broke off (corrupt or unreadable): why, and where.</summary>
    public string? InputFailure { get; internal set; }

    /// <summary>An empty last batch: a split that ends (or breaks off) with no more lines.</summary>
    internal static LineBatch EndOf(InputSplit split, long sequence, long endOffset, long endLine, string? failure) =>
        new(split, sequence, [], [], endOffset, endLine, isEndOfSplit: true) { InputFailure = failure };

    /// <summary>The bytes of <paramref name="line"/>.</summary>
    public ReadOnlyMemory<byte> Bytes(LineRef line) => _buffer.AsMemory(line.Offset, line.Length);

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is { Length: > 0 })
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
