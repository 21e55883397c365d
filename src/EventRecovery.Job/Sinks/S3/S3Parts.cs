using EventRecovery.Job.Aws;
using S3Location = EventRecovery.Job.Aws.S3Location;

namespace EventRecovery.Job.Sinks.S3;

/// <summary>Part files under an <c>s3://bucket/prefix</c>.</summary>
public sealed class S3Parts(AwsClients aws) : ISinkScheme, IPartStore
{
    /// <inheritdoc />
    public bool Handles(string location) => S3Location.IsS3(location);

    /// <inheritdoc />
    public IPartStore Parts => this;

    /// <inheritdoc />
    public IRecordSink OpenRecovered(string location, SinkSettings settings) =>
        new Base64Lines(
            S3PartSink.Create(
                aws.S3,
                AwsClients.ParseS3("--output", location),
                settings.RunId,
                new S3PartSinkOptions { MaxObjectBytes = settings.PartBytes }
            )
        );

    /// <inheritdoc />
    public BadRowOutput OpenBadRows(string flag, string location, SinkSettings settings) =>
        S3BadRowOutput.Create(
            aws.S3,
            AwsClients.ParseS3(flag, location),
            settings.RunId,
            new S3PartSinkOptions { MaxObjectBytes = settings.PartBytes }
        );

    /// <inheritdoc />
    public string Child(string parent, string name) => S3Location.Parse(parent).Child(name).ToString();

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> PriorPartsAsync(
        string flag,
        string location,
        bool inSubfolders,
        CancellationToken cancellationToken
    )
    {
        var parsed = AwsClients.ParseS3(flag, location);
        var keys = await PriorParts.UnderAsync(aws.S3, parsed, inSubfolders, cancellationToken).ConfigureAwait(false);
        return keys.Select(k => $"s3://{parsed.Bucket}/{k}").ToList();
    }

    /// <inheritdoc />
    public Task RemovePartAsync(string part, CancellationToken cancellationToken)
    {
        var location = S3Location.Parse(part);
        return aws.S3.DeleteObjectAsync(location.Bucket, location.Prefix, cancellationToken);
    }
}
