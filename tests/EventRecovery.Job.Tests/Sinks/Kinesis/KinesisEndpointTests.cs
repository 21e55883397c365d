using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sinks.Kinesis;

namespace EventRecovery.Job.Tests.Sinks.Kinesis;

public sealed class KinesisEndpointTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Region_from_the_option_then_AWS_REGION_then_AWS_DEFAULT_REGION()
    {
        var env = Env(("AWS_REGION", "eu-west-1"), ("AWS_DEFAULT_REGION", "eu-central-1"));
        Assert.Equal("ap-south-1", KinesisEndpoint.Resolve("ap-south-1", null, env).Region);
        Assert.Equal("eu-west-1", KinesisEndpoint.Resolve(null, null, env).Region);
        Assert.Equal("eu-central-1", KinesisEndpoint.Resolve(null, null, Env(("AWS_DEFAULT_REGION", "eu-central-1"))).Region);
    }

    [Fact]
    public void No_region_is_a_clear_error()
    {
        var e = Assert.Throws<OutputException>(() => KinesisEndpoint.Resolve(null, "http://127.0.0.1:1", Env()));
        Assert.Contains("--region", e.Message);
        Assert.Contains("AWS_REGION", e.Message);
    }

    [Fact]
    public void Endpoint_from_the_option_then_the_per_service_variable_then_the_global_one_then_the_public_endpoint()
    {
        var both = Env(("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:1111"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:2222"));
        Assert.Equal(new Uri("http://localhost:3333/"), KinesisEndpoint.Resolve("us-east-1", "http://localhost:3333", both).Url);
        Assert.Equal(new Uri("http://127.0.0.1:1111/"), KinesisEndpoint.Resolve("us-east-1", null, both).Url);
        Assert.Equal(
            new Uri("http://127.0.0.1:2222/"),
            KinesisEndpoint.Resolve("us-east-1", null, Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:2222"))).Url
        );
        Assert.Equal(new Uri("https://kinesis.eu-west-2.amazonaws.com/"), KinesisEndpoint.Resolve("eu-west-2", null, Env()).Url);
        Assert.Equal(new Uri("https://kinesis.cn-north-1.amazonaws.com.cn/"), KinesisEndpoint.Resolve("cn-north-1", null, Env()).Url);
    }

    [Theory]
    [InlineData("127.0.0.1:4567")]
    [InlineData("ftp://example.com")]
    [InlineData("http://example.com/?a=b")]
    public void A_malformed_endpoint_is_a_clear_error(string url)
    {
        var e = Assert.Throws<OutputException>(() => KinesisEndpoint.Resolve("us-east-1", url, Env()));
        Assert.Contains(url, e.Message);
    }
}
