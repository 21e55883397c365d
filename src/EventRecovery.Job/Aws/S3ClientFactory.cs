using Amazon.Runtime;
using Amazon.S3;

namespace EventRecovery.Job.Aws;

/// <summary>Creates the S3 client used by the S3 inputs, part sinks and checkpoint store.</summary>
public static class S3ClientFactory
{
    /// <summary>
    /// A client for <c>--region</c> and <c>--endpoint-url</c> (either may be <c>null</c>; see
    /// <see cref="S3ClientSettings.Resolve"/>), with credentials from the SDK's default chain: environment,
    /// profile, web identity, container and instance roles.
    /// </summary>
    public static IAmazonS3 Create(string? region, string? endpointUrl) => Create(S3ClientSettings.Resolve(region, endpointUrl));

    /// <summary>A client for resolved <paramref name="settings"/>; <paramref name="credentials"/> overrides the default chain
    /// (tests).</summary>
    public static IAmazonS3 Create(S3ClientSettings settings, AWSCredentials? credentials = null)
    {
        var config = new AmazonS3Config
        {
            // The SDK retries each request a little (connection errors, 5xx, throttling, with its own backoff);
            // our layer (AwsRetryPipeline) then retries whole operations and resumes broken downloads.
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = settings.SdkMaxErrorRetry,
        };
        new AwsClientSettings(settings.Region, settings.Endpoint).ApplyTo(config, settings.Region);
        if (settings.Endpoint is not null)
        {
            config.ForcePathStyle = settings.PathStyle;
            // Compatible servers often reject the trailing checksums (aws-chunked uploads) that the SDK sends to AWS
            // by default; send checksums only where the API requires them.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        return new AmazonS3Client(new AwsCredentialSource(credentials), config);
    }
}
