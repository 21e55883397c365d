using EventRecovery.Core.Payloads;

namespace EventRecovery.Core.Tests.Payloads;

public class CollectorPathTests
{
    [Fact]
    public void Build_joins_vendor_and_version() =>
        Assert.Equal("/com.snowplowanalytics.snowplow/tp2", CollectorPath.Build("com.snowplowanalytics.snowplow", "tp2"));

    [Theory]
    [InlineData("/com.acme/v1", "com.acme", "v1")]
    [InlineData("/com.acme/v1/", "com.acme", "v1")]
    [InlineData("/i", "i", "")]
    [InlineData("//v1", "", "v1")]
    [InlineData("/a/b/c", "", "")]
    [InlineData("", "", "")]
    [InlineData(null, "", "")]
    public void Split_reads_vendor_and_version_as_the_original(string? path, string vendor, string version) =>
        Assert.Equal((vendor, version), CollectorPath.Split(path));
}
