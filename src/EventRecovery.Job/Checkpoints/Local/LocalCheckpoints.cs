namespace EventRecovery.Job.Checkpoints.Local;

/// <summary>Checkpoints in a local directory: every location without a <c>scheme://</c>.</summary>
public sealed class LocalCheckpoints : ICheckpointScheme
{
    /// <inheritdoc />
    public bool Handles(string location) => location != "-" && !location.Contains("://", StringComparison.Ordinal);

    /// <inheritdoc />
    public ICheckpointStore Open(string location, string shardName) => new LocalCheckpointStore(Path.Combine(location, shardName));
}
