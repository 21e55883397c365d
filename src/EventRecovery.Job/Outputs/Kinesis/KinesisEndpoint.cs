namespace EventRecovery.Job.Outputs.Kinesis;

/// <summary>Where requests go and the region they are signed for.</summary>
/// <param name="Url">The endpoint, e.g. <c>https://kinesis.eu-west-1.amazonaws.com/</c>.</param>
/// <param name="Region">The signing region.</param>
internal sealed record KinesisEndpoint(Uri Url, string Region)
{
    /// <summary>
    /// Region: the option, else <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>. Endpoint: the option, else
    /// <c>AWS_ENDPOINT_URL_KINESIS</c>, else <c>AWS_ENDPOINT_URL</c> (the per-service variable wins, as in the AWS SDKs),
    /// else the regional public endpoint. Throws <see cref="OutputException"/> when no region is known or the URL is malformed.
    /// </summary>
    public static KinesisEndpoint Resolve(string? region, string? endpointUrl, Func<string, string?> environment)
    {
        region = FirstSet(region, environment("AWS_REGION"), environment("AWS_DEFAULT_REGION"))
            ?? throw new OutputException("no AWS region for the Kinesis output: pass --region or set AWS_REGION");
        var url = FirstSet(endpointUrl, environment("AWS_ENDPOINT_URL_KINESIS"), environment("AWS_ENDPOINT_URL"));
        if (url is null) return new KinesisEndpoint(new Uri($"https://kinesis.{region}.{DnsSuffix(region)}/"), region);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query))
            throw new OutputException($"Kinesis endpoint URL '{url}' is not an http(s) URL such as http://127.0.0.1:4567");
        return new KinesisEndpoint(uri, region);
    }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static string DnsSuffix(string region) => region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
}
