using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sinks.Kinesis;

namespace EventRecovery.Job.Tests.Sinks.Kinesis;

public sealed class KinesisSinkOptionsTests
{
    [Fact]
    public void The_stream_comes_from_the_uri()
    {
        Assert.True(KinesisSinkOptions.IsKinesisUri("kinesis://raw-good"));
        Assert.False(KinesisSinkOptions.IsKinesisUri("s3://bucket/prefix"));
        Assert.Equal("raw.good_1-x", KinesisSinkOptions.FromUri("kinesis://raw.good_1-x").StreamName);
        Assert.Equal("raw", KinesisSinkOptions.FromUri("KINESIS://raw/").StreamName);
    }

    [Theory]
    [InlineData("kinesis://")]
    [InlineData("kinesis://a/b")]
    [InlineData("kinesis://bad name")]
    [InlineData("s3://bucket")]
    public void A_malformed_uri_is_an_output_error(string uri)
    {
        var e = Assert.Throws<OutputException>(() => KinesisSinkOptions.FromUri(uri));
        Assert.Contains(uri, e.Message);
    }

    [Theory]
    [InlineData(0, 10, "batch size")]
    [InlineData(501, 10, "batch size")]
    [InlineData(500, 0, "max buffered")]
    public void Values_out_of_range_are_named(int batchSize, int maxBuffered, string named)
    {
        var options = KinesisSinkOptions.FromUri("kinesis://s") with
        {
            Region = "us-east-1",
            BatchSize = batchSize,
            MaxBuffered = maxBuffered,
        };
        var e = Assert.Throws<OutputException>(() => KinesisSink.Create(options));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void Create_is_the_one_call_of_the_cli()
    {
        var options = KinesisSinkOptions.FromUri("kinesis://raw") with
        {
            Region = "eu-west-1",
            EndpointUrl = "http://127.0.0.1:4567",
            BatchSize = 100,
            MaxBuffered = 1000,
        };
        var sink = KinesisSink.Create(options);
        Assert.Equal("raw", sink.StreamName);
        Assert.Equal("eu-west-1", sink.Region);
        Assert.Equal(new Uri("http://127.0.0.1:4567/"), sink.Endpoint);
        Assert.Contains("kinesis://raw", sink.Description);
    }
}
