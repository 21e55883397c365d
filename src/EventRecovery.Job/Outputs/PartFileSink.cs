using System.Globalization;

namespace EventRecovery.Job.Outputs;

/// <summary>
/// Records as lines in part files under a directory. A part is written under a hidden temporary name and renamed
/// to its final name only when complete and flushed to disk, so a crash never leaves a half file that looks
/// finished. Parts roll over at <c>maxPartBytes</c>. Names carry a run id so that shards and restarts never collide.
/// </summary>
public sealed class PartFileSink(string directory, string runId, long maxPartBytes = 256L << 20) : IRecordSink
{
    private FileStream? _part;
    private string? _tempPath;
    private string? _finalPath;
    private int _partNumber;

    /// <summary>The directory written to.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <inheritdoc />
    public string Description => Directory;

    /// <summary>Completed part files, in order.</summary>
    public List<string> CompletedParts { get; } = [];

    /// <inheritdoc />
    public Task CheckWritableAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(FirstExistingAncestor(Directory), $".event-recovery-probe-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"{Directory} is not writable: {e.Message}", e);
        }
        if (File.Exists(Directory)) throw new OutputException($"{Directory} is a file, not a directory");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        var part = _part ?? Open();
        await part.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        part.WriteByte((byte)'\n');
        if (part.Position >= maxPartBytes) await CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // A part counts once it is renamed: close the open one, the next record starts a new part.
        if (_part is not null) await CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task CompleteAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    private FileStream Open()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"part-{runId}-{_partNumber++.ToString("D5", CultureInfo.InvariantCulture)}.txt";
        _finalPath = Path.Combine(Directory, name);
        _tempPath = Path.Combine(Directory, "." + name + ".inprogress");
        _part = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
        return _part;
    }

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        var part = _part!;
        _part = null;
        await part.FlushAsync(cancellationToken).ConfigureAwait(false);
        part.Flush(flushToDisk: true);
        await part.DisposeAsync().ConfigureAwait(false);
        File.Move(_tempPath!, _finalPath!);
        CompletedParts.Add(_finalPath!);
        Metrics.JobInstruments.PartsWritten.Add(1);
    }

    private static string FirstExistingAncestor(string path)
    {
        var current = path;
        while (!System.IO.Directory.Exists(current))
        {
            if (File.Exists(current)) throw new OutputException($"{path}: {current} is a file, not a directory");
            current = Path.GetDirectoryName(current) ?? throw new OutputException($"{path}: no existing parent directory");
        }
        return current;
    }

    /// <summary>Leaves an unfinished part under its temporary name (never renamed): used on abort.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_part is not null) await _part.DisposeAsync().ConfigureAwait(false);
        _part = null;
    }
}
