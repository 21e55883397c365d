using Amazon.Runtime;
using EventRecovery.Job.Aws;

namespace EventRecovery.Job.Tests.S3;

public class S3ClientSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Options_win_over_the_environment()
    {
        var settings = S3ClientSettings.Resolve(
            "eu-west-1",
            "http://127.0.0.1:9000",
            Env(("AWS_REGION", "us-west-2"), ("AWS_ENDPOINT_URL_S3", "http://elsewhere:1"))
        );
        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal(new Uri("http://127.0.0.1:9000"), settings.Endpoint);
        Assert.True(settings.PathStyle);
    }

    [Fact]
    public void Region_comes_from_AWS_REGION_then_AWS_DEFAULT_REGION()
    {
        Assert.Equal(
            "us-west-2",
            S3ClientSettings.Resolve(null, null, Env(("AWS_REGION", "us-west-2"), ("AWS_DEFAULT_REGION", "eu-central-1"))).Region
        );
        Assert.Equal("eu-central-1", S3ClientSettings.Resolve(null, null, Env(("AWS_DEFAULT_REGION", "eu-central-1"))).Region);
    }

    [Fact]
    public void The_per_service_endpoint_variable_wins_over_the_global_one()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://global:1"), ("AWS_ENDPOINT_URL_S3", "http://s3only:2"));
        Assert.Equal(new Uri("http://s3only:2"), S3ClientSettings.Resolve(null, null, env).Endpoint);
        Assert.Equal(
            new Uri("http://global:1"),
            S3ClientSettings.Resolve(null, null, Env(("AWS_ENDPOINT_URL", "http://global:1"))).Endpoint
        );
        Assert.Null(
            S3ClientSettings
                .Resolve(null, null, Env(("AWS_ENDPOINT_URL", "http://global:1"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")))
                .Endpoint
        );
    }

    [Fact]
    public void No_endpoint_means_AWS_with_virtual_host_addressing()
    {
        var settings = S3ClientSettings.Resolve("eu-west-1", null, Env());
        Assert.Null(settings.Endpoint);
        Assert.False(settings.PathStyle);
        using var client = S3ClientFactory.Create(settings, new BasicAWSCredentials("a", "b"));
        Assert.Equal("eu-west-1", client.Config.RegionEndpoint?.SystemName);
    }

    [Theory]
    [InlineData("localhost:9000")]
    [InlineData("ftp://host/")]
    [InlineData("not a url")]
    public void A_bad_endpoint_names_its_source(string value)
    {
        var e = Assert.Throws<FormatException>(() => S3ClientSettings.Resolve(null, value, Env()));
        Assert.Contains("--endpoint-url", e.Message);
        var fromEnv = Assert.Throws<FormatException>(() => S3ClientSettings.Resolve(null, null, Env(("AWS_ENDPOINT_URL_S3", value))));
        Assert.Contains("AWS_ENDPOINT_URL_S3", fromEnv.Message);
    }

    [Fact]
    public void An_overridden_endpoint_uses_path_style_and_signs_for_the_region()
    {
        using var client = S3ClientFactory.Create(
            new S3ClientSettings("eu-west-3", new Uri("http://127.0.0.1:4568")),
            new BasicAWSCredentials("a", "b")
        );
        var config = (Amazon.S3.AmazonS3Config)client.Config;
        Assert.True(config.ForcePathStyle);
        Assert.Equal("eu-west-3", config.AuthenticationRegion);
        Assert.StartsWith("http://127.0.0.1:4568", config.ServiceURL);
        Assert.Equal(RequestRetryMode.Standard, config.RetryMode);
    }
}
