namespace EventRecovery.Job.Checkpoints;

/// <summary>Where one shard's checkpoint and completion marker live (a local directory or an S3 prefix).</summary>
public interface ICheckpointStore
{
    /// <summary>For messages.</summary>
    string Description { get; }

    /// <summary>Checks, before any input is read, that checkpoints can be written here; throws <see cref="Sinks.OutputException"/> if
    /// not.</summary>
    Task CheckWritableAsync(CancellationToken cancellationToken);

    /// <summary>The last committed state, or <c>null</c> when the run starts from scratch.</summary>
    Task<CheckpointState?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the committed state atomically: a crash leaves either the old or the new one.</summary>
    Task SaveAsync(CheckpointState state, CancellationToken cancellationToken);

    /// <summary>Whether the run completed (the marker exists).</summary>
    Task<bool> IsCompleteAsync(CancellationToken cancellationToken);

    /// <summary>Writes the completion marker.</summary>
    Task MarkCompleteAsync(string summaryJson, CancellationToken cancellationToken);

    /// <summary>Forgets the state and the marker (<c>--restart</c>).</summary>
    Task ResetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the location for this run until the result is disposed; throws <see cref="CheckpointLockedException"/>
    /// naming the holder when another run has it. Held before the state is read, so that no other run moves it on.
    /// </summary>
    Task<IAsyncDisposable> LockAsync(LockHolder holder, CancellationToken cancellationToken);
}
