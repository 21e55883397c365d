using EventRecovery.Job.Sinks.Stdout;

namespace EventRecovery.Job.Sources.Local;

/// <summary>Standard input, or a named pipe given explicitly: read once, from its start.</summary>
public sealed class StreamSplit : InputSplit
{
    private readonly string? _path;

    private StreamSplit(string name, string? path)
    {
        Name = name;
        _path = path;
    }

    /// <summary>Standard input (<c>--input -</c> or <c>/dev/stdin</c>).</summary>
    public static StreamSplit StandardInput() => new("standard input", null);

    /// <summary>A named pipe (or another file that is not a regular one) named explicitly, e.g. <c>&lt;(zcat …)</c>.</summary>
    public static StreamSplit Pipe(string path) => new(path, path);

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override long ObjectLength => 0;

    /// <inheritdoc />
    public override bool IsStream => true;

    /// <inheritdoc />
    public override Task<Stream> OpenAsync(long offset, CancellationToken cancellationToken)
    {
        if (offset != 0)
            throw new IOException($"{Name} can be read only from its start");
        // Opening a pipe blocks until a writer opens it: off the caller's thread, so that a stop is not held up by it.
        return _path is null
            ? Task.FromResult(StandardStreams.OpenInput())
            : Task.Run<Stream>(
                () => new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16),
                cancellationToken
            );
    }

    /// <inheritdoc />
    public override InputSplit Slice(long start, long end) => throw new NotSupportedException($"{Name} cannot be cut into ranges");
}
