using Amazon.Runtime;
using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>Turns what a Kinesis call threw into a <see cref="KinesisException"/>, retryable as <see cref="AwsErrors.Kinesis"/>
/// says.</summary>
internal static class KinesisErrors
{
    /// <summary>Whether an error code means "too fast".</summary>
    public static bool IsThrottling(string? errorCode) => AwsErrors.IsThrottling(errorCode);

    /// <summary>
    /// The failure of <paramref name="operation"/> at <paramref name="endpoint"/>: a service answer keeps its code and
    /// status; otherwise the code says what happened (<c>ConnectionError</c>, <c>CredentialsError</c>, <c>MalformedResponse</c>).
    /// </summary>
    public static KinesisException From(string operation, Uri endpoint, Exception error)
    {
        var retryable = AwsErrors.Kinesis.IsTransient(error);
        switch (error)
        {
            case AmazonServiceException { StatusCode: not 0 } service when service is not AmazonUnmarshallingException:
                var code = string.IsNullOrEmpty(service.ErrorCode) ? $"Http{(int)service.StatusCode}" : service.ErrorCode;
                var throttled = IsThrottling(code) || service.StatusCode == System.Net.HttpStatusCode.TooManyRequests;
                var message = string.IsNullOrWhiteSpace(service.Message) ? "(no message)" : service.Message;
                return new KinesisException(code, $"{operation}: {message}", service.StatusCode, retryable, throttled, error);
        }
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AwsCredentialsException credentials:
                    return new KinesisException(
                        "CredentialsError",
                        credentials.Message,
                        null,
                        credentials.Retryable,
                        throttled: false,
                        error
                    );
                case AmazonUnmarshallingException:
                    return new KinesisException(
                        "MalformedResponse",
                        $"{operation}: unreadable response: {e.Message}",
                        null,
                        retryable,
                        throttled: false,
                        error
                    );
                case IOException or HttpRequestException or System.Net.Sockets.SocketException:
                    return new KinesisException(
                        "ConnectionError",
                        $"{operation}: {endpoint}: {e.Message}",
                        null,
                        retryable,
                        throttled: false,
                        error
                    );
            }
        }
        return new KinesisException("ClientError", $"{operation}: {AwsErrors.Describe(error)}", null, retryable, throttled: false, error);
    }

    /// <summary>No answer within <paramref name="timeout"/>: retryable.</summary>
    public static KinesisException Timeout(string operation, Uri endpoint, TimeSpan timeout, Exception error) =>
        new(
            "RequestTimeout",
            $"{operation}: no response from {endpoint} within {timeout.TotalSeconds:0.###} s",
            null,
            retryable: true,
            throttled: false,
            error
        );
}
