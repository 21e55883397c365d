using Amazon.Runtime;
using Amazon.S3;

namespace EventRecovery.Job.Aws;

/// <summary>Request settings that differ between AWS and S3-compatible servers reached through an endpoint override.</summary>
internal static class S3Compatibility
{
    /// <summary>
    /// Whether uploads carry the SDK's default CRC32 integrity checksums (AWS). Compatible servers get plain requests
    /// with the whole payload signed instead: many store aws-chunked bodies, trailers included, as the data.
    /// </summary>
    public static bool UsesChecksums(IAmazonS3 client) =>
        client.Config.RequestChecksumCalculation == RequestChecksumCalculation.WHEN_SUPPORTED;
}
