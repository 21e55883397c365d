using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>Records in a Kinesis stream: <c>kinesis://STREAM</c>.</summary>
public sealed class KinesisStreams(AwsClients aws) : ISinkScheme
{
    /// <inheritdoc />
    public bool Handles(string location) => KinesisSinkOptions.IsKinesisUri(location);

    /// <inheritdoc />
    public IPartStore? Parts => null;

    /// <inheritdoc />
    public int MaxRecordBytes => KinesisLimits.MaxPayloadBytes;

    /// <inheritdoc />
    public IRecordSink OpenRecovered(string location, SinkSettings settings) =>
        KinesisSink.Create(
            KinesisSinkOptions.FromUri(location) with
            {
                Region = aws.Region,
                EndpointUrl = aws.EndpointUrl,
                BatchSize = settings.BatchSize,
                MaxBuffered = settings.MaxBuffered,
                RetryDeadline = settings.RetryDeadline,
            }
        );
}
