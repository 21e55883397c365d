using EventRecovery.Job.Aws;
using EventRecovery.Job.Sinks.S3;
using EventRecovery.Job.Sources.S3;

namespace EventRecovery.Job.Tests.S3;

public class S3LocationTests
{
    [Theory]
    [InlineData("s3://bucket/prefix", "bucket", "prefix")]
    [InlineData("s3://bucket/a/b/", "bucket", "a/b")]
    [InlineData("s3://bucket", "bucket", "")]
    [InlineData("s3://bucket/", "bucket", "")]
    [InlineData("S3A://my.bucket-1/x", "my.bucket-1", "x")]
    [InlineData("s3n://Legacy_Bucket/x", "Legacy_Bucket", "x")]
    public void Parses_bucket_and_prefix(string value, string bucket, string prefix)
    {
        var location = S3Location.Parse(value);
        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.Prefix);
    }

    [Theory]
    [InlineData("/local/path", "not an S3 location")]
    [InlineData("s3://", "no bucket name")]
    [InlineData("s3:///prefix", "no bucket name")]
    [InlineData("s3://ab/x", "not a valid bucket name")]
    [InlineData("s3://bad bucket/x", "not a valid bucket name")]
    [InlineData("s3://-bucket/x", "not a valid bucket name")]
    public void Rejects_with_a_reason_naming_the_value(string value, string reason)
    {
        var e = Assert.Throws<FormatException>(() => S3Location.Parse(value));
        Assert.Contains(reason, e.Message);
        Assert.Contains(value, e.Message);
        Assert.False(S3Location.TryParse(value, out _, out var error));
        Assert.Equal(e.Message, error);
    }

    [Fact]
    public void Keys_and_children_treat_the_prefix_as_a_folder()
    {
        var root = S3Location.Parse("s3://b-1/out");
        Assert.Equal("out/", root.FolderPrefix);
        Assert.Equal("out/part-1.txt", root.KeyOf("part-1.txt"));
        Assert.Equal("s3://b-1/out/failed", root.Child("failed").ToString());
        Assert.Equal("part-1.txt", S3Location.Parse("s3://b-1").KeyOf("part-1.txt"));
        Assert.Equal("s3://b-1", S3Location.Parse("s3://b-1/").ToString());
        Assert.True(S3Location.IsS3("s3://b-1"));
        Assert.False(S3Location.IsS3("kinesis://stream"));
    }
}
