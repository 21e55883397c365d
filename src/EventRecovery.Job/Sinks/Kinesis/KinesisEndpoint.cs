using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>Where requests go and the region they are signed for, as resolved for every AWS client (<see
/// cref="AwsClientSettings"/>).</summary>
/// <param name="Settings">The region and endpoint override the SDK client is configured with.</param>
/// <param name="Url">The endpoint, e.g. <c>https://kinesis.eu-west-1.amazonaws.com/</c>, for messages.</param>
/// <param name="Region">The signing region.</param>
internal sealed record KinesisEndpoint(AwsClientSettings Settings, Uri Url, string Region)
{
    /// <summary>
    /// Region: the option, else <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>, else the profile's. Endpoint: the
    /// option, else <c>AWS_ENDPOINT_URL_KINESIS</c>, else <c>AWS_ENDPOINT_URL</c> (the per-service variable wins, as in
    /// the AWS SDKs), else the regional public endpoint. Throws <see cref="OutputException"/> when no region is known or
    /// the URL is malformed.
    /// </summary>
    public static KinesisEndpoint Resolve(string? region, string? endpointUrl, Func<string, string?> environment)
    {
        AwsClientSettings settings;
        try
        {
            settings = AwsClientSettings.Resolve("KINESIS", region, endpointUrl, environment);
        }
        catch (FormatException e)
        {
            throw new OutputException($"Kinesis endpoint URL: {e.Message}, such as http://127.0.0.1:4567", e);
        }
        var resolvedRegion = settings.Region
            ?? throw new OutputException("no AWS region for the Kinesis output: pass --region or set AWS_REGION");
        var url = settings.Endpoint ?? new Uri($"https://kinesis.{resolvedRegion}.{DnsSuffix(resolvedRegion)}/");
        return new KinesisEndpoint(settings, url, resolvedRegion);
    }

    // Only for naming the endpoint in messages: the SDK resolves AWS's endpoint itself from the region.
    private static string DnsSuffix(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
}
