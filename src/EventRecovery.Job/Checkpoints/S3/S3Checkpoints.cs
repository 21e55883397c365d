using EventRecovery.Job.Aws;
using S3Location = EventRecovery.Job.Aws.S3Location;

namespace EventRecovery.Job.Checkpoints.S3;

/// <summary>Checkpoints under an <c>s3://bucket/prefix</c>, one object per shard, held by a lease.</summary>
public sealed class S3Checkpoints(AwsClients aws) : ICheckpointScheme
{
    /// <inheritdoc />
    public bool Handles(string location) => S3Location.IsS3(location);

    /// <inheritdoc />
    public ICheckpointStore Open(string location, string shardName) =>
        new S3CheckpointStore(aws.S3, AwsClients.ParseS3("--checkpoint-dir", location).Child(shardName));
}
