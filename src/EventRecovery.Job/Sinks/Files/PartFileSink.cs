using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace EventRecovery.Job.Sinks.Files;

/// <summary>
/// Records as lines in part files under a directory. A part is written under a hidden temporary name and renamed
/// to its final name only when complete and flushed to disk, so a crash never leaves a half file that looks
/// finished; the rename is flushed too (<see cref="DirectoryEntries"/>), so a power loss cannot take a counted part
/// back to its temporary name. Parts roll over at <c>maxPartBytes</c>. Names carry a run id so that shards and restarts never collide.
/// </summary>
/// <remarks>
/// The single writer of a run calls this, so its time is time no worker can take over. Two things keep it off that
/// path: records fill one buffer while the previous one is being written (the kernel's copy runs on a pool thread
/// meanwhile), and a part that rolls over is flushed to disk and renamed in the background. <see cref="FlushAsync"/>
/// waits for both, so what it reports durable is.
/// </remarks>
public sealed class PartFileSink(string directory, string runId, long maxPartBytes = 256L << 20) : IRecordSink
{
    private const int BufferBytes = 1 << 19; // two of them: the memory one FileStream buffer of 1 MiB took before

    private SafeFileHandle? _part;
    private string? _tempPath;
    private string? _finalPath;
    private int _partNumber;
    private long _handedOver; // bytes of the open part given to writes so far
    private byte[] _filling = []; // records go here (allocated when the first part opens)
    private int _filled;
    private byte[]? _writing; // the buffer being written, free again once _write completes
    private Task _write = Task.CompletedTask;
    private readonly Queue<(Task Done, string Path)> _finishing = new(); // rolled parts, made durable in the background
    private Exception? _failure; // the first write or flush that failed

    /// <summary>The directory written to.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <inheritdoc />
    public string Description => Directory;

    /// <summary>Completed part files, in order.</summary>
    public List<string> CompletedParts { get; } = [];

    /// <summary>
    /// Written into the directory with the first part when set: what the directory holds, so that inputs skip it
    /// (recovered payloads are not bad rows). See <see cref="OutputMarker"/>.
    /// </summary>
    public string? Marker { get; init; }

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
        if (File.Exists(Directory))
            throw new OutputException($"{Directory} is a file, not a directory");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        // A failed background flush fails the next write.
        if (_finishing.TryPeek(out var oldest) && oldest.Done.IsCompleted)
            await CollectFinishedAsync(waitForAll: false).ConfigureAwait(false);
        if (_part is null)
            Open();
        var needed = record.Length + 1;
        if (needed > _filling.Length - _filled)
            await HandOverAsync().ConfigureAwait(false);
        if (needed > _filling.Length)
        {
            // Longer than a buffer: written as it is, after what came before it.
            await Watch(_write).ConfigureAwait(false);
            await Watch(WriteAtAsync(_part!, record, _handedOver)).ConfigureAwait(false);
            _handedOver += record.Length;
            _filling[_filled++] = (byte)'\n';
        }
        else
        {
            record.Span.CopyTo(_filling.AsSpan(_filled));
            _filling[_filled + record.Length] = (byte)'\n';
            _filled += needed;
        }
        if (_handedOver + _filled >= maxPartBytes)
            await CloseAsync(inBackground: true).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        // A part counts once it is renamed: close the open one, the next record starts a new part.
        if (_part is not null)
            await CloseAsync(inBackground: false).ConfigureAwait(false);
        await CollectFinishedAsync(waitForAll: true).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task CompleteAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    private void Open()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            // New directories are entries of their parents: those must reach the disk too, or the parts go with them.
            var existing = FirstExistingAncestor(Directory);
            System.IO.Directory.CreateDirectory(Directory);
            for (
                var dir = Path.GetDirectoryName(Directory);
                dir is not null && dir.Length >= existing.Length;
                dir = Path.GetDirectoryName(dir)
            )
                DirectoryEntries.Flush(dir);
        }
        if (Marker is not null)
            OutputMarker.Write(Directory, Marker);
        var name = $"part-{runId}-{_partNumber++.ToString("D5", CultureInfo.InvariantCulture)}.txt";
        _finalPath = Path.Combine(Directory, name);
        _tempPath = Path.Combine(Directory, "." + name + ".inprogress");
        _part = File.OpenHandle(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous);
        _handedOver = 0;
        if (_filling.Length == 0)
            _filling = new byte[BufferBytes];
    }

    /// <summary>Starts writing the filled buffer and gives records the other one, once its own write is done.</summary>
    private async Task HandOverAsync()
    {
        await Watch(_write).ConfigureAwait(false);
        var full = _filling;
        _filling = _writing ?? new byte[BufferBytes];
        _writing = full;
        _write = WriteAtAsync(_part!, full.AsMemory(0, _filled), _handedOver);
        _handedOver += _filled;
        _filled = 0;
    }

    /// <summary>
    /// Writes the rest of the open part, then flushes it to disk, closes and renames it: in the background when the
    /// part rolled over (<see cref="FlushAsync"/> waits for it), here otherwise.
    /// </summary>
    private async Task CloseAsync(bool inBackground)
    {
        var part = _part!;
        _part = null;
        try
        {
            await Watch(_write).ConfigureAwait(false);
            if (_filled > 0)
                await Watch(WriteAtAsync(part, _filling.AsMemory(0, _filled), _handedOver)).ConfigureAwait(false);
        }
        catch
        {
            // The run fails on this error. None of the part's records counts as durable, so the unfinished file goes:
            // left behind, it would hold the space of a full disk for nothing.
            part.Dispose();
            DeleteQuietly(_tempPath!);
            throw;
        }
        finally
        {
            _filled = 0;
        }
        var (temp, final) = (_tempPath!, _finalPath!);
        var finishing = Task.Run(() =>
        {
            try
            {
                using (part)
                    RandomAccess.FlushToDisk(part);
                File.Move(temp, final);
            }
            catch
            {
                DeleteQuietly(temp);
                throw;
            }
            DirectoryEntries.Flush(Directory); // the rename too
        });
        _finishing.Enqueue((finishing, final));
        if (!inBackground)
            await CollectFinishedAsync(waitForAll: true).ConfigureAwait(false);
        // Each part waiting for the disk holds a file handle: when parts roll over faster than the disk takes them
        // (a tiny --part-bytes), wait here rather than run out of handles.
        while (_finishing.Count > MaxFinishing)
            await CollectOldestAsync().ConfigureAwait(false);
    }

    /// <summary>Rolled-over parts that may wait for the disk at once.</summary>
    internal const int MaxFinishing = 4;

    /// <summary>Records the parts finished in the background, in order; throws what made one fail.</summary>
    private async Task CollectFinishedAsync(bool waitForAll)
    {
        while (_finishing.TryPeek(out var next) && (waitForAll || next.Done.IsCompleted))
            await CollectOldestAsync().ConfigureAwait(false);
    }

    private async Task CollectOldestAsync()
    {
        var (done, path) = _finishing.Dequeue();
        await Watch(done).ConfigureAwait(false);
        CompletedParts.Add(path);
        Metrics.JobInstruments.PartsWritten.Add(1);
    }

    /// <summary>
    /// The sink's writes and flushes: the first failure is kept, so that nothing written after it (or queued behind
    /// it) is ever reported durable.
    /// </summary>
    private async Task Watch(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _failure ??= e;
            throw;
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
            throw new IOException($"{Directory}: an earlier write failed: {_failure.Message}", _failure);
    }

    /// <summary>
    /// A write at an offset. Linux reports a file larger than the file system or the process allows (EFBIG) as an
    /// <see cref="ArgumentOutOfRangeException"/>; it is an output error like any other.
    /// </summary>
    private async Task WriteAtAsync(SafeFileHandle part, ReadOnlyMemory<byte> bytes, long offset)
    {
        try
        {
            await RandomAccess.WriteAsync(part, bytes, offset).ConfigureAwait(false);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new IOException($"writing {_tempPath} failed: {e.Message}", e);
        }
    }

    private static string FirstExistingAncestor(string path)
    {
        var current = path;
        while (!System.IO.Directory.Exists(current))
        {
            if (File.Exists(current))
                throw new OutputException($"{path}: {current} is a file, not a directory");
            current = Path.GetDirectoryName(current) ?? throw new OutputException($"{path}: no existing parent directory");
        }
        return current;
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left under its hidden temporary name: never taken for a finished part, nor read as input.
        }
    }

    /// <summary>Removes an unfinished part (never renamed, so none of its records was counted durable): used on abort.</summary>
    public async ValueTask DisposeAsync()
    {
        // Aborting: whatever failed has been reported already, or the run is being stopped; nothing here may throw.
        try
        {
            await _write.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The part stays unfinished under its temporary name either way.
        }
        finally
        {
            if (_part is not null)
            {
                _part.Dispose();
                _part = null;
                DeleteQuietly(_tempPath!);
            }
        }
        // Parts that rolled over are complete: let their flush and rename end rather than run past the run.
        while (_finishing.TryDequeue(out var pending))
        {
            try
            {
                await pending.Done.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Left under its temporary name, as an unfinished part.
            }
        }
    }
}
