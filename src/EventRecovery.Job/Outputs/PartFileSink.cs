using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace EventRecovery.Job.Outputs;

/// <summary>
/// Records as lines in part files under a directory. A part is written under a hidden temporary name and renamed
/// to its final name only when complete and flushed to disk, so a crash never leaves a half file that looks
/// finished. Parts roll over at <c>maxPartBytes</c>. Names carry a run id so that shards and restarts never collide.
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
    private long _handedOver;                          // bytes of the open part given to writes so far
    private byte[] _filling = [];                      // records go here (allocated when the first part opens)
    private int _filled;
    private byte[]? _writing;                          // the buffer being written, free again once _write completes
    private Task _write = Task.CompletedTask;
    private readonly Queue<(Task Done, string Path)> _finishing = new(); // rolled parts, made durable in the background

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
        // A failed background flush fails the next write.
        if (_finishing.TryPeek(out var oldest) && oldest.Done.IsCompleted) await CollectFinishedAsync(waitForAll: false).ConfigureAwait(false);
        if (_part is null) Open();
        var needed = record.Length + 1;
        if (_filled + needed > _filling.Length) await HandOverAsync().ConfigureAwait(false);
        if (needed > _filling.Length)
        {
            // Longer than a buffer: written as it is, after what came before it.
            await _write.ConfigureAwait(false);
            await RandomAccess.WriteAsync(_part!, record, _handedOver, cancellationToken).ConfigureAwait(false);
            _handedOver += record.Length;
            _filling[_filled++] = (byte)'\n';
        }
        else
        {
            record.Span.CopyTo(_filling.AsSpan(_filled));
            _filling[_filled + record.Length] = (byte)'\n';
            _filled += needed;
        }
        if (_handedOver + _filled >= maxPartBytes) await CloseAsync(inBackground: true).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // A part counts once it is renamed: close the open one, the next record starts a new part.
        if (_part is not null) await CloseAsync(inBackground: false).ConfigureAwait(false);
        await CollectFinishedAsync(waitForAll: true).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task CompleteAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    private void Open()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"part-{runId}-{_partNumber++.ToString("D5", CultureInfo.InvariantCulture)}.txt";
        _finalPath = Path.Combine(Directory, name);
        _tempPath = Path.Combine(Directory, "." + name + ".inprogress");
        _part = File.OpenHandle(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous);
        _handedOver = 0;
        if (_filling.Length == 0) _filling = new byte[BufferBytes];
    }

    /// <summary>Starts writing the filled buffer and gives records the other one, once its own write is done.</summary>
    private async Task HandOverAsync()
    {
        await _write.ConfigureAwait(false);
        var full = _filling;
        _filling = _writing ?? new byte[BufferBytes];
        _writing = full;
        _write = RandomAccess.WriteAsync(_part!, full.AsMemory(0, _filled), _handedOver).AsTask();
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
        try
        {
            await _write.ConfigureAwait(false);
            if (_filled > 0) await RandomAccess.WriteAsync(part, _filling.AsMemory(0, _filled), _handedOver).ConfigureAwait(false);
        }
        catch
        {
            // The part stays unfinished under its temporary name; the run fails on this error.
            part.Dispose();
            _part = null;
            throw;
        }
        _part = null;
        _filled = 0;
        var (temp, final) = (_tempPath!, _finalPath!);
        var finishing = Task.Run(() =>
        {
            using (part) RandomAccess.FlushToDisk(part);
            File.Move(temp, final);
        });
        _finishing.Enqueue((finishing, final));
        if (!inBackground) await CollectFinishedAsync(waitForAll: true).ConfigureAwait(false);
    }

    /// <summary>Records the parts finished in the background, in order; throws what made one fail.</summary>
    private async Task CollectFinishedAsync(bool waitForAll)
    {
        while (_finishing.TryPeek(out var next) && (waitForAll || next.Done.IsCompleted))
        {
            try
            {
                await next.Done.ConfigureAwait(false);
            }
            finally
            {
                _finishing.Dequeue();
            }
            CompletedParts.Add(next.Path);
            Metrics.JobInstruments.PartsWritten.Add(1);
        }
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
        try
        {
            await _write.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Aborting already: the part stays unfinished under its temporary name either way.
        }
        _part?.Dispose();
        _part = null;
        // Parts that rolled over are complete: let their flush and rename end rather than run past the run.
        foreach (var (done, _) in _finishing)
        {
            try
            {
                await done.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left under its temporary name, as an unfinished part.
            }
        }
        _finishing.Clear();
    }
}
