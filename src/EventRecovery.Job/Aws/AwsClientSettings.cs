using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace EventRecovery.Job.Aws;

/// <summary>
/// Where one AWS service is reached: the region and, for a compatible or test server, an endpoint. Resolved the same
/// way for S3 and Kinesis: the command line first, then the AWS SDKs' standard environment variables.
/// </summary>
/// <param name="Region">The region named by the option, the environment or the profile; <c>null</c> when none is.</param>
/// <param name="Endpoint">Endpoint override, or <c>null</c> for AWS's own endpoints.</param>
public sealed record AwsClientSettings(string? Region, Uri? Endpoint)
{
    /// <summary>
    /// Region from <paramref name="region"/> (<c>--region</c>), else <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the
    /// profile's region. Endpoint from <paramref name="endpointUrl"/> (<c>--endpoint-url</c>), else
    /// <c>AWS_ENDPOINT_URL_{SERVICE}</c> (the per-service variable wins), else <c>AWS_ENDPOINT_URL</c>, unless
    /// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true. Throws <see cref="FormatException"/> naming the option or
    /// variable when an endpoint is not an http(s) URL without a query.
    /// </summary>
    /// <param name="serviceVariable">The service's suffix in the endpoint variable: <c>S3</c>, <c>KINESIS</c>.</param>
    /// <param name="region">The <c>--region</c> value, if given.</param>
    /// <param name="endpointUrl">The <c>--endpoint-url</c> value, if given.</param>
    /// <param name="environment">Reads an environment variable; the process environment when <c>null</c> (tests pass their own).</param>
    public static AwsClientSettings Resolve(
        string serviceVariable,
        string? region,
        string? endpointUrl,
        Func<string, string?>? environment = null
    )
    {
        environment ??= Environment.GetEnvironmentVariable;
        var resolvedRegion = NonEmpty(region)
            ?? NonEmpty(environment("AWS_REGION"))
            ?? NonEmpty(environment("AWS_DEFAULT_REGION"))
            ?? ProfileRegion(environment);

        Uri? endpoint = null;
        var perServiceVariable = "AWS_ENDPOINT_URL_" + serviceVariable;
        if (NonEmpty(endpointUrl) is { } fromOption)
            endpoint = ParseEndpoint(fromOption, "--endpoint-url");
        else if (!IsTrue(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")))
        {
            if (NonEmpty(environment(perServiceVariable)) is { } perService)
                endpoint = ParseEndpoint(perService, perServiceVariable);
            else if (NonEmpty(environment("AWS_ENDPOINT_URL")) is { } global)
                endpoint = ParseEndpoint(global, "AWS_ENDPOINT_URL");
        }
        return new AwsClientSettings(resolvedRegion, endpoint);
    }

    /// <summary>
    /// Points an SDK client's <paramref name="config"/> at <see cref="Endpoint"/>, signing for
    /// <paramref name="region"/>, or at AWS's endpoint of <paramref name="region"/>.
    /// </summary>
    internal void ApplyTo(ClientConfig config, string region)
    {
        if (Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
    }

    private static Uri ParseEndpoint(string value, string source)
    {
        if (
            !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query)
        )
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
