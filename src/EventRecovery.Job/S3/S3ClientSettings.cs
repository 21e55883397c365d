using Amazon.Runtime.CredentialManagement;

namespace EventRecovery.Job.S3;

/// <summary>
/// Where and how to reach S3: the region and, for S3-compatible servers (MinIO, s3rver, LocalStack), an endpoint.
/// Resolved from the command line first, then from the AWS SDKs' standard environment variables.
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
        environment ??= Environment.GetEnvironmentVariable;
        var resolvedRegion = NonEmpty(region)
            ?? NonEmpty(environment("AWS_REGION"))
            ?? NonEmpty(environment("AWS_DEFAULT_REGION"))
            ?? ProfileRegion(environment)
            ?? DefaultRegion;

        Uri? endpoint = null;
        if (NonEmpty(endpointUrl) is { } fromOption) endpoint = ParseEndpoint(fromOption, "--endpoint-url");
        else if (!IsTrue(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")))
        {
            if (NonEmpty(environment("AWS_ENDPOINT_URL_S3")) is { } perService) endpoint = ParseEndpoint(perService, "AWS_ENDPOINT_URL_S3");
            else if (NonEmpty(environment("AWS_ENDPOINT_URL")) is { } global) endpoint = ParseEndpoint(global, "AWS_ENDPOINT_URL");
        }
        return new S3ClientSettings(resolvedRegion, endpoint);
    }

    private static Uri ParseEndpoint(string value, string source)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new FormatException($"{source}: '{value}' is not an http:// or https:// URL");
        return uri;
    }

    // The SDK would find the profile's region itself, but we resolve the region explicitly so that it can be shown
    // and used for signing with a custom endpoint. Reading the profile files is cheap; instance metadata is not
    // consulted, to keep start-up fast off EC2.
    private static string? ProfileRegion(Func<string, string?> environment)
    {
        try
        {
            var name = NonEmpty(environment("AWS_PROFILE")) ?? "default";
            return new CredentialProfileStoreChain().TryGetProfile(name, out var profile) ? profile.Region?.SystemName : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null; // an unreadable profile file is reported by the credentials chain, if it matters
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
