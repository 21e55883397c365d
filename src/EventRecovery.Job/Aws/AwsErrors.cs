using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace EventRecovery.Job.Aws;

/// <summary>
/// Which failures of one AWS service are transient (worth retrying): broken connections and timeouts always; for a
/// service answer, its status (5xx, 429, and for some services 408) and its error code (throttling, server-side
/// trouble). Permissions, missing resources, bad requests and failed preconditions are not.
/// </summary>
public sealed class AwsErrors
{
    // Error codes meaning "too fast", whatever the service and the status code they come with.
    private static readonly FrozenSet<string> ThrottlingCodes = FrozenSet.Create(
        StringComparer.Ordinal,
        "ProvisionedThroughputExceededException",
        "LimitExceededException",
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "KMSThrottlingException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown"
    );

    private readonly FrozenSet<string> _transientCodes;
    private readonly bool _requestTimeoutStatus,
        _unreadableAnswers;

    private AwsErrors(IEnumerable<string> transientCodes, bool requestTimeoutStatus, bool unreadableAnswers)
    {
        _transientCodes = transientCodes.ToFrozenSet(StringComparer.Ordinal);
        _requestTimeoutStatus = requestTimeoutStatus;
        _unreadableAnswers = unreadableAnswers;
    }

    /// <summary>S3: throttling and server-side codes S3 sends, 5xx and 429.</summary>
    public static AwsErrors S3 { get; } =
        new(
            [
                "SlowDown",
                "Throttling",
                "ThrottlingException",
                "RequestLimitExceeded",
                "TooManyRequestsException",
                "RequestTimeout",
                "RequestTimeoutException",
                "InternalError",
                "ServiceUnavailable",
                "OperationAborted",
            ],
            requestTimeoutStatus: false,
            unreadableAnswers: false
        );

    /// <summary>
    /// Kinesis, as the AWS SDKs classify it: every throttling code, internal failures, expired tokens (refreshed on
    /// the next try), 5xx, 429 and 408; and an answer that cannot be read (cut short on the way).
    /// </summary>
    public static AwsErrors Kinesis { get; } =
        new(
            ThrottlingCodes.Concat([
                "InternalFailure",
                "InternalFailureException",
                "InternalServerError",
                "InternalError",
                "ServiceUnavailable",
                "ServiceUnavailableException",
                "RequestTimeout",
                "RequestTimeoutException",
                "ExpiredToken",
                "ExpiredTokenException",
                "IDPCommunicationError",
                "EC2ThrottledException",
                "PriorRequestNotComplete",
            ]),
            requestTimeoutStatus: true,
            unreadableAnswers: true
        );

    /// <summary>Whether an error code means "too fast".</summary>
    public static bool IsThrottling(string? errorCode) => errorCode is not null && ThrottlingCodes.Contains(errorCode);

    /// <summary>Whether a service answered with <paramref name="status"/> and <paramref name="errorCode"/> that a later try may not
    /// get.</summary>
    public bool IsTransient(HttpStatusCode status, string? errorCode) =>
        (int)status >= 500
        || status == HttpStatusCode.TooManyRequests
        || (_requestTimeoutStatus && status == HttpStatusCode.RequestTimeout)
        || (errorCode is not null && _transientCodes.Contains(errorCode));

    /// <summary>
    /// Whether <paramref name="exception"/> is worth retrying: a transient service answer, an unreadable answer where
    /// the service allows it, I/O errors and resets, timeouts, credentials that failed to refresh.
    /// </summary>
    public bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AmazonUnmarshallingException when _unreadableAnswers:
                    return true;
                case AmazonServiceException service when service.StatusCode != 0:
                    // A service answer decides: the inner exception of one is only how the SDK read it.
                    return IsTransient(service.StatusCode, service.ErrorCode);
                case AwsCredentialsException credentials:
                    return credentials.Retryable;
                case IOException or HttpRequestException or SocketException or TimeoutException:
                    return true;
                case TaskCanceledException { InnerException: TimeoutException }:
                    return true; // HttpClient's own timeout, not a cancellation asked for by the caller
            }
        }
        return false;
    }

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
        while (inner.InnerException is { } next && inner is AmazonClientException or HttpRequestException or TaskCanceledException)
            inner = next;
        return inner == exception ? exception.Message : $"{exception.Message} ({inner.Message})";
    }
}
