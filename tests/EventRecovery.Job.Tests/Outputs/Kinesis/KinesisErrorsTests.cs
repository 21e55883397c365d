using System.Net;
using EventRecovery.Job.Outputs.Kinesis;

namespace EventRecovery.Job.Tests.Outputs.Kinesis;

public sealed class KinesisErrorsTests
{
    [Theory]
    [InlineData(400, "ProvisionedThroughputExceededException", true, true)]
    [InlineData(400, "com.amazonaws.kinesis.v20131202#LimitExceededException", true, true)]
    [InlineData(400, "ThrottlingException:http://internal.amazon.com/coral/", true, true)]
    [InlineData(429, null, true, true)]
    [InlineData(500, "InternalFailure", true, false)]
    [InlineData(503, null, true, false)]
    [InlineData(502, "SomethingNew", true, false)]
    [InlineData(400, "ExpiredTokenException", true, false)]
    [InlineData(400, "ResourceNotFoundException", false, false)]
    [InlineData(400, "AccessDeniedException", false, false)]
    [InlineData(400, "ValidationException", false, false)]
    [InlineData(400, "InvalidArgumentException", false, false)]
    [InlineData(403, "UnrecognizedClientException", false, false)]
    [InlineData(400, "KMSAccessDeniedException", false, false)]
    public void Retryable_errors_are_throttling_transient_or_5xx(int status, string? type, bool retryable, bool throttled)
    {
        var e = KinesisErrors.FromResponse("PutRecords", (HttpStatusCode)status, type, "m");
        Assert.Equal(retryable, e.Retryable);
        Assert.Equal(throttled, e.Throttled);
        Assert.DoesNotContain("#", e.ErrorCode);
        Assert.DoesNotContain(":", e.ErrorCode);
    }
}
