using System.Net;

namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>A Kinesis call that failed as a whole: an error response, a broken connection or a timeout.</summary>
/// <param name="errorCode">The service's error type (<c>ResourceNotFoundException</c> …) or ours (<c>ConnectionError</c>,
/// <c>RequestTimeout</c>).</param>
/// <param name="message">What failed, starting with the operation.</param>
/// <param name="statusCode">The HTTP status, when a response arrived.</param>
/// <param name="retryable">Whether the same request may succeed later.</param>
/// <param name="throttled">Whether Kinesis asked us to slow down.</param>
/// <param name="inner">The transport error, if any.</param>
internal sealed class KinesisException(
    string errorCode,
    string message,
    HttpStatusCode? statusCode,
    bool retryable,
    bool throttled,
    Exception? inner = null
) : Exception(message, inner)
{
    public string ErrorCode { get; } = errorCode;
    public HttpStatusCode? StatusCode { get; } = statusCode;
    public bool Retryable { get; } = retryable;
    public bool Throttled { get; } = throttled;

    /// <summary>"ErrorCode: message", for reports.</summary>
    public string Describe() => StatusCode is { } status ? $"{ErrorCode} (HTTP {(int)status}): {Message}" : $"{ErrorCode}: {Message}";
}
