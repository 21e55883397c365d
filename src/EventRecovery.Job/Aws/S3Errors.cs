using System.Net;
using Amazon.S3;

namespace EventRecovery.Job.Aws;

/// <summary>S3's failures: transient ones (worth retrying, <see cref="AwsErrors.S3"/>), missing buckets or keys, and their
/// wording.</summary>
public static class S3Errors
{
    /// <summary>
    /// Whether <paramref name="exception"/> is worth retrying: I/O errors and resets, timeouts, HTTP 5xx and 429,
    /// throttling. Permissions, missing buckets or keys, and failed preconditions are not.
    /// </summary>
    public static bool IsTransient(Exception exception) => AwsErrors.S3.IsTransient(exception);

    /// <summary>Whether S3 answered that the bucket or key does not exist.</summary>
    public static bool IsNotFound(Exception exception) =>
        exception is AmazonS3Exception e
        && (e.StatusCode == HttpStatusCode.NotFound || e.ErrorCode is "NoSuchKey" or "NoSuchBucket" or "NotFound");

    /// <summary>A one-line reason: status and error code for a service answer, else the innermost useful message.</summary>
    public static string Describe(Exception exception) => AwsErrors.Describe(exception);
}
