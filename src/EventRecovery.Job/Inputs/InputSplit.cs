namespace EventRecovery.Job.Inputs;

/// <summary>
/// A unit of input work: one file or object (later: a byte range of one). Splits are read independently and
/// are the unit of sharding and checkpointing.
/// </summary>
public abstract class InputSplit
{
    /// <summary>Where the data comes from, as the user wrote it (a path or a URI), for messages.</summary>
    public abstract string Name { get; }

    /// <summary>Size in bytes as stored (compressed size for .gz).</summary>
    public abstract long Length { get; }

    /// <summary>Opens the split's bytes as stored (not yet decompressed).</summary>
    public abstract Task<Stream> OpenAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public override string ToString() => Name;
}
