using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace EventRecovery.Job.S3;

/// <summary>Tells transient S3 failures (worth retrying) from permanent ones, and words them for messages.</summary>
public static class S3Errors
{
    // Error codes S3 uses for throttling and server-side trouble, whatever the status code they come with.
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
        "RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable", "OperationAborted",
    };

    /// <summary>
    /// Whether <paramref name="exception"/> is worth retrying: I/O errors and resets, timeouts, HTTP 5xx and 429,
    /// throttling. Permissions, missing buckets or keys, and failed preconditions are not.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AmazonServiceException service when service.StatusCode != 0:
                    // A service answer decides: the inner exception of one is only how the SDK read it.
                    return (int)service.StatusCode >= 500 || service.StatusCode == HttpStatusCode.TooManyRequests
                        || (service.ErrorCode is { } code && TransientCodes.Contains(code));
                case IOException or HttpRequestException or SocketException or TimeoutException:
                    return true;
                case TaskCanceledException { InnerException: TimeoutException }:
                    return true; // HttpClient's own timeout, not a cancellation asked for by the caller
            }
        }
        return false;
    }

    /// <summary>Whether S3 answered that the bucket or key does not exist.</summary>
    public static bool IsNotFound(Exception exception) =>
        exception is AmazonS3Exception e && (e.StatusCode == HttpStatusCode.NotFound || e.ErrorCode is "NoSuchKey" or "NoSuchBucket" or "NotFound");

    /// <summary>A one-line reason: status and error code for a service answer, else the innermost useful message.</summary>
    public static string Describe(Exception exception)
    {
        if (exception is AmazonServiceException { StatusCode: not 0 } service)
        {
            var code = string.IsNullOrEmpty(service.ErrorCode) ? "" : " " + service.ErrorCode;
            var message = string.IsNullOrEmpty(service.Message) ? "" : ": " + service.Message;
            return $"HTTP {(int)service.StatusCode}{code}{message}";
        }
        var inner = exception;
        while (inner.InnerException is { } next && inner is AmazonClientException or HttpRequestException or TaskCanceledException) inner = next;
        return inner == exception ? exception.Message : $"{exception.Message} ({inner.Message})";
    }
}
