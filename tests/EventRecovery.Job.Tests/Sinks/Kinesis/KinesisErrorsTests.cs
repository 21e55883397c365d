using Amazon.Kinesis;
using Amazon.Kinesis.Model;
using EventRecovery.Job.Sinks.Kinesis;
using EventRecovery.Testing;

namespace EventRecovery.Job.Tests.Sinks.Kinesis;

/// <summary>Error answers read by the AWS SDK client, then classified by <see cref="KinesisErrors"/>.</summary>
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
    [InlineData(408, null, true, false)]
    [InlineData(400, "ExpiredTokenException", true, false)]
    [InlineData(400, "ResourceNotFoundException", false, false)]
    [InlineData(400, "AccessDeniedException", false, false)]
    [InlineData(400, "ValidationException", false, false)]
    [InlineData(400, "InvalidArgumentException", false, false)]
    [InlineData(403, "UnrecognizedClientException", false, false)]
    [InlineData(400, "KMSAccessDeniedException", false, false)]
    public async Task Retryable_errors_are_throttling_transient_or_5xx(int status, string? type, bool retryable, bool throttled)
    {
        var body = type is null ? "" : $$"""{"__type":"{{type}}","message":"m"}""";
        await using var server = new CannedKinesis(status, body);
        var e = KinesisErrors.From("PutRecords", server.Url, await FailureAsync(server.Url));
        Assert.Equal(retryable, e.Retryable);
        Assert.Equal(throttled, e.Throttled);
        Assert.DoesNotContain("#", e.ErrorCode);
        Assert.DoesNotContain(":", e.ErrorCode);
        Assert.Equal((System.Net.HttpStatusCode)status, e.StatusCode);
    }

    [Fact]
    public async Task The_error_type_header_names_the_error_when_the_body_does_not()
    {
        await using var server = new CannedKinesis(
            400,
            "{}",
            errorTypeHeader: "ProvisionedThroughputExceededException:http://internal.amazon.com/coral/"
        );
        var e = KinesisErrors.From("PutRecords", server.Url, await FailureAsync(server.Url));
        Assert.Equal("ProvisionedThroughputExceededException", e.ErrorCode);
        Assert.True(e.Throttled);
    }

    [Fact]
    public async Task A_closed_port_is_a_retryable_connection_error_naming_the_endpoint()
    {
        var closed = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/");
        var e = KinesisErrors.From("PutRecords", closed, await FailureAsync(closed));
        Assert.Equal("ConnectionError", e.ErrorCode);
        Assert.True(e.Retryable);
        Assert.Contains(closed.ToString(), e.Message);
    }

    /// <summary>What one PutRecords through an SDK client without retries throws.</summary>
    private static async Task<Exception> FailureAsync(Uri endpoint)
    {
        using var client = new AmazonKinesisClient(
            Kinesalite.Credentials,
            new AmazonKinesisConfig
            {
                ServiceURL = endpoint.ToString(),
                AuthenticationRegion = Kinesalite.Region,
                MaxErrorRetry = 0,
            }
        );
        var request = new PutRecordsRequest
        {
            StreamName = "s",
            Records = [new PutRecordsRequestEntry { Data = new MemoryStream([1, 2, 3]), PartitionKey = "k" }],
        };
        return await Assert.ThrowsAnyAsync<Exception>(() => client.PutRecordsAsync(request));
    }
}
