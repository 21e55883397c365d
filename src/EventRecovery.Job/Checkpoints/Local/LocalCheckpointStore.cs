namespace EventRecovery.Job.Checkpoints.Local;

/// <summary>A checkpoint in a local directory: <c>checkpoint.json</c>, replaced by rename, and a <c>_COMPLETE</c> marker.</summary>
public sealed class LocalCheckpointStore(string directory) : ICheckpointStore
{
    private readonly string _state = Path.Combine(directory, "checkpoint.json");
    private readonly string _marker = Path.Combine(directory, "_COMPLETE");

    /// <inheritdoc />
    public string Description => Path.GetFullPath(directory);

    /// <inheritdoc />
    public Task CheckWritableAsync(CancellationToken cancellationToken) =>
        new Sinks.Files.PartFileSink(directory, "checkpoint").CheckWritableAsync(cancellationToken); // the same probe as an output folder's

    /// <inheritdoc />
    public async Task<CheckpointState?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_state))
            return null;
        return CheckpointState.Parse(await File.ReadAllTextAsync(_state, cancellationToken).ConfigureAwait(false), _state);
    }

    /// <inheritdoc />
    public async Task SaveAsync(CheckpointState state, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var temp = _state + ".tmp";
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(state.ToJson()), cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, _state, overwrite: true);
        Sinks.Files.DirectoryEntries.Flush(directory); // the rename is the commit: it must reach the disk before the run goes on
    }

    /// <inheritdoc />
    public Task<bool> IsCompleteAsync(CancellationToken cancellationToken) => Task.FromResult(File.Exists(_marker));

    /// <inheritdoc />
    public async Task MarkCompleteAsync(string summaryJson, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(_marker, summaryJson, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An OS lock (<c>flock</c>, through <see cref="FileShare.None"/>) on <c>lock</c> in the directory: released by the
    /// kernel when the process ends, however it ends. Who holds it is written beside it, in <c>lock-holder.json</c>
    /// (the locked file itself cannot be read by another process).
    /// </summary>
    public Task<IAsyncDisposable> LockAsync(LockHolder holder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var holderPath = Path.Combine(directory, "lock-holder.json");
        FileStream handle;
        try
        {
            handle = new FileStream(Path.Combine(directory, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (File.Exists(Path.Combine(directory, "lock")))
        {
            string? text = null;
            try
            {
                text = File.ReadAllText(holderPath);
            }
            catch (Exception read) when (read is IOException or UnauthorizedAccessException)
            {
                // Named as unknown below.
            }
            var other = text is null ? null : LockHolder.TryParse(text);
            throw new CheckpointLockedException(
                $"--checkpoint-dir {Description} is in use by another run ({other?.Describe() ?? e.Message}); "
                    + "two runs on one checkpoint would each write every line: wait for it to end, stop it, or use another --checkpoint-dir"
            );
        }
        File.WriteAllText(holderPath, holder.ToJson());
        Sinks.OutputMarker.Write(directory, Sinks.OutputMarker.Checkpoint);
        return Task.FromResult<IAsyncDisposable>(new Held(handle, holderPath));
    }

    private sealed class Held(FileStream handle, string holderPath) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            try
            {
                File.Delete(holderPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Stale holder text is harmless: only the lock decides.
            }
            handle.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task ResetAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
            return Task.CompletedTask; // nothing to forget (and File.Delete would throw)
        File.Delete(_state);
        File.Delete(_marker);
        return Task.CompletedTask;
    }
}
