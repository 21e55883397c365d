using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using EventRecovery.Job.Outputs.Kinesis;

namespace EventRecovery.Job.Tests.Outputs.Kinesis;

/// <summary>
/// Our signing against AWSSDK.Core's own full pipeline (<see cref="AWS4Signer.SignRequest(IRequest, IClientConfig, Amazon.Runtime.Internal.Util.RequestMetrics, string, string, DateTime)"/>
/// on an SDK request carrying the same headers and body): same date, payload hash and Authorization header, so the
/// canonical request we build is the one the SDK would build.
/// </summary>
public sealed class SigV4Tests
{
    [Theory]
    [InlineData("http://127.0.0.1:4567/", "us-east-1", null)]
    [InlineData("https://kinesis.eu-west-1.amazonaws.com/", "eu-west-1", null)]
    [InlineData("https://kinesis.eu-west-1.amazonaws.com/", "eu-west-1", "FwoGZXIvYXdzEJr//////////session+token/==")]
    [InlineData("http://localhost:8080/", "ap-southeast-2", "token")]
    public void Authorization_is_the_one_AWSSDK_Core_computes(string url, string region, string? sessionToken)
    {
        var body = Encoding.UTF8.GetBytes("""{"StreamName":"s","Records":[{"Data":"AAEC/w==","PartitionKey":"k"}]}""");
        var at = new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc);
        var credentials = new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken);

        using var ours = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        ours.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        ours.Headers.Add("X-Amz-Target", "Kinesis_20131202.PutRecords");
        SigV4.Sign(ours, body, credentials, region, "kinesis", at);

        var sdk = new DefaultRequest(new EmptyRequest(), "Kinesis")
        {
            HttpMethod = "POST",
            Endpoint = new Uri(url),
            ResourcePath = "/",
            Content = body,
            AuthenticationRegion = region,
        };
        sdk.Headers["Content-Type"] = "application/x-amz-json-1.1";
        sdk.Headers["X-Amz-Target"] = "Kinesis_20131202.PutRecords";
        if (sessionToken is not null) sdk.Headers["X-Amz-Security-Token"] = sessionToken; // what AWS4Signer.Sign adds
        var config = new KinesisLikeConfig { AuthenticationRegion = region, AuthenticationServiceName = "kinesis" };
        var signed = new AWS4Signer().SignRequest(sdk, config, null, credentials.AccessKey, credentials.SecretKey, at);

        Assert.Equal(signed.ForAuthorizationHeader, Header(ours, "Authorization"));
        Assert.Equal(sdk.Headers["X-Amz-Date"], Header(ours, "X-Amz-Date"));
        Assert.Equal(sdk.Headers["X-Amz-Content-SHA256"], Header(ours, "X-Amz-Content-SHA256"));
        Assert.Equal(sessionToken, ours.Headers.TryGetValues("X-Amz-Security-Token", out var t) ? t.Single() : null);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240229/{region}/kinesis/aws4_request, SignedHeaders=content-type;host;", Header(ours, "Authorization"));
    }

    [Fact]
    public void A_different_body_changes_the_signature()
    {
        var credentials = new ImmutableCredentials("AKID", "SECRET", null);
        var at = DateTime.UtcNow;
        string Sign(string json)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:1/") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
            request.Headers.Add("X-Amz-Target", "Kinesis_20131202.PutRecords");
            SigV4.Sign(request, Encoding.UTF8.GetBytes(json), credentials, "us-east-1", "kinesis", at);
            return Header(request, "Authorization");
        }
        Assert.NotEqual(Sign("{}"), Sign("{ }"));
    }

    private static string Header(HttpRequestMessage request, string name) => string.Join(",", request.Headers.GetValues(name));

    private sealed class EmptyRequest : AmazonWebServiceRequest;

    private sealed class KinesisLikeConfig() : ClientConfig(null)
    {
        public override string RegionEndpointServiceName => "kinesis";
        public override string ServiceVersion => "2013-12-02";
        public override string UserAgent => "event-recovery-tests";
        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => throw new NotSupportedException();
    }
}
