namespace EventRecovery.Job.Checkpoints;

/// <summary>
/// One kind of checkpoint location (a local directory, <c>s3://</c>), chosen by its scheme through
/// <see cref="Pipeline.LocationRegistry"/>.
/// </summary>
public interface ICheckpointScheme
{
    /// <summary>Whether this kind keeps checkpoints at <paramref name="location"/>.</summary>
    bool Handles(string location);

    /// <summary>The store of one shard (<paramref name="shardName"/>) under <paramref name="location"/>, not yet checked.</summary>
    ICheckpointStore Open(string location, string shardName);
}
