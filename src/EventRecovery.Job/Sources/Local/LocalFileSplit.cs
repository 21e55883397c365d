namespace EventRecovery.Job.Sources.Local;

/// <summary>A local file, or a byte range of one.</summary>
public sealed class LocalFileSplit(string path, long length) : InputSplit
{
    /// <summary>Full path of the file.</summary>
    public string Path { get; } = path;

    /// <inheritdoc />
    public override string Name => Path;

    /// <inheritdoc />
    public override long ObjectLength { get; } = length;

    /// <inheritdoc />
    public override Task<Stream> OpenAsync(long offset, CancellationToken cancellationToken)
    {
        var stream = new FileStream(
            Path,
            FileMode.Open,
            FileAccess.Read,
            FileShare.Read,
            1 << 16,
            FileOptions.SequentialScan | FileOptions.Asynchronous
        );
        if (offset > 0)
            stream.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult<Stream>(stream);
    }

    /// <inheritdoc />
    public override InputSplit Slice(long start, long end) => new LocalFileSplit(Path, ObjectLength) { Start = start, End = end };
}
