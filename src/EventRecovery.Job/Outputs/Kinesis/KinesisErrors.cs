using System.Net;

namespace EventRecovery.Job.Outputs.Kinesis;

/// <summary>Which Kinesis errors are worth retrying, as the AWS SDKs classify them.</summary>
internal static class KinesisErrors
{
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "ProvisionedThroughputExceededException", "LimitExceededException", "ThrottlingException", "Throttling",
        "ThrottledException", "KMSThrottlingException", "TooManyRequestsException", "RequestLimitExceeded",
        "RequestThrottled", "RequestThrottledException", "SlowDown",
    };

    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "InternalFailure", "InternalFailureException", "InternalServerError", "InternalError", "ServiceUnavailable",
        "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException", "ExpiredToken", "ExpiredTokenException",
        "IDPCommunicationError", "EC2ThrottledException", "PriorRequestNotComplete",
    };

    /// <summary>Whether an error code means "too fast".</summary>
    public static bool IsThrottling(string errorCode) => Throttling.Contains(errorCode);

    /// <summary>The exception for an error response: retryable when throttled, transient or a 5xx.</summary>
    public static KinesisException FromResponse(string operation, HttpStatusCode status, string? errorType, string? message)
    {
        // "__type" may carry a namespace: "com.amazonaws.kinesis.v20131202#ResourceNotFoundException".
        var code = errorType is { Length: > 0 } ? errorType[(errorType.LastIndexOf('#') + 1)..] : $"Http{(int)status}";
        var colon = code.IndexOf(':'); // x-amzn-ErrorType may be "Code:http://internal.amazon.com/…"
        if (colon > 0) code = code[..colon];
        var throttled = IsThrottling(code) || status == HttpStatusCode.TooManyRequests;
        var retryable = throttled || Transient.Contains(code) || (int)status >= 500 || status == HttpStatusCode.RequestTimeout;
        return new KinesisException(code, $"{operation}: {(string.IsNullOrWhiteSpace(message) ? "(no message)" : message)}", status, retryable, throttled);
    }
}
