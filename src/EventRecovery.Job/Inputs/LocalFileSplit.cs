namespace EventRecovery.Job.Inputs;

/// <summary>A whole local file.</summary>
public sealed class LocalFileSplit(string path, long length) : InputSplit
{
    /// <summary>Full path of the file.</summary>
    public string Path { get; } = path;

    /// <inheritdoc />
    public override string Name => Path;

    /// <inheritdoc />
    public override long Length { get; } = length;

    /// <inheritdoc />
    public override Task<Stream> OpenAsync(CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous));
}
