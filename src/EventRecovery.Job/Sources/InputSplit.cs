namespace EventRecovery.Job.Sources;

/// <summary>
/// A unit of input work: a whole file or object, or a byte range of a large uncompressed one. Splits are read
/// independently and are the unit of sharding and checkpointing. A range split owns the lines that start
/// inside its range.
/// </summary>
public abstract class InputSplit
{
    /// <summary>Where the data comes from, as the user wrote it (a path or a URI), for messages.</summary>
    public abstract string Name { get; }

    /// <summary>Size of the whole file or object in bytes, as stored.</summary>
    public abstract long ObjectLength { get; }

    /// <summary>First byte of the range (0 for a whole object).</summary>
    public long Start { get; init; }

    /// <summary>End of the range, exclusive (<see cref="ObjectLength"/> for a whole object).</summary>
    public long? End { get; init; }

    /// <summary>
    /// Whether the data can be read only once, from its start (standard input, a named pipe): its size is not known
    /// (<see cref="ObjectLength"/> is 0), it is never cut into ranges, and a run reading it cannot resume.
    /// </summary>
    public virtual bool IsStream => false;

    /// <summary>Whether this split is a part of its object rather than all of it.</summary>
    public bool IsRange => Start > 0 || (End is { } end && end < ObjectLength);

    /// <summary>Bytes of this split, for balancing shards and showing progress.</summary>
    public long Length => (End ?? ObjectLength) - Start;

    /// <summary>Stable identity, for checkpoints: the name, plus the range for a range split.</summary>
    public string Id => IsRange ? $"{Name}#{Start}-{End ?? ObjectLength}" : Name;

    /// <summary>Opens the stored bytes from <paramref name="offset"/> (absolute in the object) to the end of the object.</summary>
    public abstract Task<Stream> OpenAsync(long offset, CancellationToken cancellationToken);

    /// <summary>The same object restricted to [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public abstract InputSplit Slice(long start, long end);

    /// <inheritdoc />
    public override string ToString() => Id;
}
