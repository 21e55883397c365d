using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Sources.S3;

/// <summary>Every object under <c>s3://bucket/prefix</c> (or the one object named).</summary>
public sealed class S3Source(AwsClients aws) : ISourceScheme
{
    /// <inheritdoc />
    public bool Handles(string location) => S3Location.IsS3(location);

    /// <inheritdoc />
    public async Task<IReadOnlyList<InputSplit>> ListAsync(
        IReadOnlyList<string> locations,
        Action<string> warn,
        CancellationToken cancellationToken
    )
    {
        var splits = new List<InputSplit>();
        foreach (var location in locations)
            splits.AddRange(
                await S3Inputs
                    .ListAsync(aws.S3, AwsClients.ParseS3("--input", location), cancellationToken: cancellationToken)
                    .ConfigureAwait(false)
            );
        return splits;
    }
}
