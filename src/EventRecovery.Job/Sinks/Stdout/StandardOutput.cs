namespace EventRecovery.Job.Sinks.Stdout;

/// <summary>Recovered payloads as base64 lines on standard output: the location <c>-</c>.</summary>
public sealed class StandardOutput : ISinkScheme
{
    /// <inheritdoc />
    public bool Handles(string location) => location == "-";

    /// <inheritdoc />
    public IPartStore? Parts => null;

    /// <inheritdoc />
    public IRecordSink OpenRecovered(string location, SinkSettings settings) =>
        new Base64Lines(new StreamSink(StandardStreams.OpenOutput(), "standard output"));
}
