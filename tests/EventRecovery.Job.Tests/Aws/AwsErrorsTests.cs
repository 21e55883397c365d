using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Tests.Aws;

public sealed class AwsErrorsTests
{
    private static AmazonS3Exception S3Answer(int status, string? code) =>
        new("m", ErrorType.Unknown, code, "request-id", (HttpStatusCode)status);

    [Theory]
    [InlineData(500, null, true)]
    [InlineData(503, "SlowDown", true)]
    [InlineData(429, null, true)]
    [InlineData(400, "RequestTimeout", true)]
    [InlineData(400, "ExpiredToken", false)]
    [InlineData(408, null, false)]
    [InlineData(403, "AccessDenied", false)]
    [InlineData(404, "NoSuchKey", false)]
    [InlineData(412, "PreconditionFailed", false)]
    public void S3_answers(int status, string? code, bool transient) =>
        Assert.Equal(transient, AwsErrors.S3.IsTransient(S3Answer(status, code)));

    [Theory]
    [InlineData(408, null, true)]
    [InlineData(400, "ExpiredTokenException", true)]
    [InlineData(400, "ProvisionedThroughputExceededException", true)]
    [InlineData(400, "ResourceNotFoundException", false)]
    public void Kinesis_answers(int status, string? code, bool transient) =>
        Assert.Equal(
            transient,
            AwsErrors.Kinesis.IsTransient(new AmazonServiceException("m", ErrorType.Unknown, code, "id", (HttpStatusCode)status))
        );

    [Fact]
    public void Broken_connections_and_timeouts_are_transient_for_every_service_and_a_cancellation_is_not()
    {
        foreach (var errors in new[] { AwsErrors.S3, AwsErrors.Kinesis })
        {
            Assert.True(
                errors.IsTransient(new AmazonClientException("wrapped", new HttpRequestException("reset", new IOException("by peer"))))
            );
            Assert.True(errors.IsTransient(new IOException("early end")));
            Assert.True(errors.IsTransient(new TaskCanceledException("timeout", new TimeoutException())));
            Assert.False(errors.IsTransient(new TaskCanceledException("asked for")));
            Assert.False(errors.IsTransient(new AmazonClientException("no region")));
        }
    }

    [Fact]
    public void A_service_answer_decides_over_how_the_SDK_read_it()
    {
        var answer = new AmazonS3Exception(
            "denied",
            new IOException("while reading the body"),
            ErrorType.Sender,
            "AccessDenied",
            "id",
            HttpStatusCode.Forbidden
        );
        Assert.False(AwsErrors.S3.IsTransient(answer));
    }

    [Fact]
    public void An_unreadable_answer_is_transient_for_Kinesis_only()
    {
        var unreadable = new AmazonUnmarshallingException("id", "$.Records", new FormatException("cut"), HttpStatusCode.OK);
        Assert.True(AwsErrors.Kinesis.IsTransient(unreadable));
        Assert.False(AwsErrors.S3.IsTransient(unreadable));
    }

    [Fact]
    public void Credentials_that_worked_before_are_worth_another_try()
    {
        var inner = new AmazonClientException("refresh failed");
        Assert.True(AwsErrors.S3.IsTransient(new AwsCredentialsException("no AWS credentials", retryable: true, inner)));
        Assert.False(AwsErrors.Kinesis.IsTransient(new AwsCredentialsException("no AWS credentials", retryable: false, inner)));
    }

    [Fact]
    public void Describe_gives_status_and_code_of_an_answer_else_the_innermost_reason()
    {
        Assert.Equal("HTTP 503 SlowDown: m", AwsErrors.Describe(S3Answer(503, "SlowDown")));
        Assert.Equal(
            "send failed (connection refused)",
            AwsErrors.Describe(new HttpRequestException("send failed", new IOException("connection refused")))
        );
    }
}
