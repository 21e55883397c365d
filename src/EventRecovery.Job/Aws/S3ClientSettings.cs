using EventRecovery.Job.Sinks.S3;
using EventRecovery.Job.Sources.S3;

namespace EventRecovery.Job.Aws;

/// <summary>
/// Where and how to reach S3: the region and, for S3-compatible servers (MinIO, s3rver, LocalStack), an endpoint.
/// Resolved as for every AWS client (<see cref="AwsClientSettings.Resolve"/>), with S3's own defaults.
/// </summary>
/// <param name="Region">Region used for signing and, without an endpoint, for the AWS endpoint.</param>
/// <param name="Endpoint">Endpoint override, or <c>null</c> for AWS's own endpoints.</param>
/// <param name="SdkMaxErrorRetry">Retries the SDK makes per request before our own retry layer sees the failure.</param>
public sealed record S3ClientSettings(string Region, Uri? Endpoint, int SdkMaxErrorRetry = 2)
{
    /// <summary>Region used when none is configured anywhere, as the AWS CLI does for S3.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>
    /// Path-style addressing (<c>http://host/bucket/key</c>) whenever the endpoint is overridden: compatible servers
    /// rarely resolve virtual-host names such as <c>bucket.127.0.0.1</c>.
    /// </summary>
    public bool PathStyle => Endpoint is not null;

    /// <summary>
    /// Settings from <c>--region</c> and <c>--endpoint-url</c>, else <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the
    /// profile's region, <see cref="DefaultRegion"/>; and <c>AWS_ENDPOINT_URL_S3</c> (the per-service variable wins),
    /// then <c>AWS_ENDPOINT_URL</c>, unless <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true.
    /// Throws <see cref="FormatException"/> naming the option or variable when an endpoint is not an http(s) URL.
    /// </summary>
    /// <param name="region">The <c>--region</c> value, if given.</param>
    /// <param name="endpointUrl">The <c>--endpoint-url</c> value, if given.</param>
    /// <param name="environment">Reads an environment variable; the process environment when <c>null</c> (tests pass their own).</param>
    public static S3ClientSettings Resolve(string? region, string? endpointUrl, Func<string, string?>? environment = null)
    {
        var settings = AwsClientSettings.Resolve("S3", region, endpointUrl, environment);
        return new S3ClientSettings(settings.Region ?? DefaultRegion, settings.Endpoint);
    }
}
