namespace EventRecovery.Job.Checkpoints;

/// <summary>A checkpoint in a local directory: <c>checkpoint.json</c>, replaced by rename, and a <c>_COMPLETE</c> marker.</summary>
public sealed class LocalCheckpointStore(string directory) : ICheckpointStore
{
    private readonly string _state = Path.Combine(directory, "checkpoint.json");
    private readonly string _marker = Path.Combine(directory, "_COMPLETE");

    /// <inheritdoc />
    public string Description => Path.GetFullPath(directory);

    /// <inheritdoc />
    public Task CheckWritableAsync(CancellationToken cancellationToken) =>
        new Outputs.PartFileSink(directory, "checkpoint").CheckWritableAsync(cancellationToken); // the same probe as an output folder's

    /// <inheritdoc />
    public async Task<CheckpointState?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_state)) return null;
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
        Outputs.DirectoryEntries.Flush(directory); // the rename is the commit: it must reach the disk before the run goes on
    }

    /// <inheritdoc />
    public Task<bool> IsCompleteAsync(CancellationToken cancellationToken) => Task.FromResult(File.Exists(_marker));

    /// <inheritdoc />
    public async Task MarkCompleteAsync(string summaryJson, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(_marker, summaryJson, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task ResetAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory)) return Task.CompletedTask; // nothing to forget (and File.Delete would throw)
        File.Delete(_state);
        File.Delete(_marker);
        return Task.CompletedTask;
    }
}
