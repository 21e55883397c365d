using Amazon.Kinesis;
using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Tests.Aws;

public sealed class AwsClientSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Each_service_reads_its_own_endpoint_variable()
    {
        var env = Env(
            ("AWS_ENDPOINT_URL_S3", "http://s3:1"),
            ("AWS_ENDPOINT_URL_KINESIS", "http://kinesis:2"),
            ("AWS_ENDPOINT_URL", "http://global:3")
        );
        Assert.Equal(new Uri("http://s3:1"), AwsClientSettings.Resolve("S3", null, null, env).Endpoint);
        Assert.Equal(new Uri("http://kinesis:2"), AwsClientSettings.Resolve("KINESIS", null, null, env).Endpoint);
        Assert.Equal(
            new Uri("http://global:3"),
            AwsClientSettings
                .Resolve("KINESIS", null, null, Env(("AWS_ENDPOINT_URL_S3", "http://s3:1"), ("AWS_ENDPOINT_URL", "http://global:3")))
                .Endpoint
        );
    }

    [Fact]
    public void An_endpoint_with_a_query_is_refused()
    {
        var e = Assert.Throws<FormatException>(() =>
            AwsClientSettings.Resolve("KINESIS", null, null, Env(("AWS_ENDPOINT_URL_KINESIS", "http://h/?a=b")))
        );
        Assert.Contains("AWS_ENDPOINT_URL_KINESIS", e.Message);
    }

    [Fact]
    public void A_client_goes_to_the_endpoint_signing_for_the_region_or_to_AWS_in_the_region()
    {
        var local = new AmazonKinesisConfig();
        new AwsClientSettings("eu-west-1", new Uri("http://127.0.0.1:4567")).ApplyTo(local, "eu-west-1");
        Assert.StartsWith("http://127.0.0.1:4567", local.ServiceURL);
        Assert.Equal("eu-west-1", local.AuthenticationRegion);

        var aws = new AmazonKinesisConfig();
        new AwsClientSettings("ap-south-1", null).ApplyTo(aws, "ap-south-1");
        Assert.Null(aws.ServiceURL);
        Assert.Equal("ap-south-1", aws.RegionEndpoint?.SystemName);
    }
}
