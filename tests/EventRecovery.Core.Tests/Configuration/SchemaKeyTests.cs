using EventRecovery.Core.Configuration;

namespace EventRecovery.Core.Tests.Configuration;

public class SchemaKeyTests
{
    private const string Prefix = "iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/";

    [Theory]
    [InlineData("1-0-0", "1-0-0", true)]
    [InlineData("*-0-0", "7-0-0", true)]
    [InlineData("1-*-0", "1-3-0", true)]
    [InlineData("1-0-*", "1-0-9", true)]
    [InlineData("*-*-*", "2-1-3", true)]
    [InlineData("1-*-*", "2-0-0", false)]
    [InlineData("1-0-0", "1-0-1", false)]
    [InlineData("2-*-0", "2-0-1", false)]
    public void A_star_matches_any_model_revision_or_addition(string pattern, string version, bool matches)
    {
        var key = SchemaKey.TryParse(Prefix + pattern)!;
        Assert.Equal(matches, key.Matches(SchemaKey.TryParse(Prefix + version)!));
    }

    [Fact]
    public void Vendor_name_and_format_must_be_equal()
    {
        var key = SchemaKey.TryParse(Prefix + "*-*-*")!;
        Assert.False(key.Matches(SchemaKey.TryParse("iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/1-0-0")!));
        Assert.False(key.Matches(SchemaKey.TryParse("iglu:com.acme/adapter_failures/jsonschema/1-0-0")!));
        Assert.False(key.Matches(SchemaKey.TryParse("iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/avro/1-0-0")!));
    }

    [Theory]
    [InlineData("com.acme/x/jsonschema/1-0-0")]
    [InlineData("iglu:com.acme/x/jsonschema/1-0")]
    [InlineData("iglu:com.acme/x/jsonschema/1-a-0")]
    [InlineData("iglu:com.acme/x y/jsonschema/1-0-0")]
    [InlineData("iglu:com.acme/x/jsonschema/1-0-0 ")]
    [InlineData(null)]
    public void Text_that_is_not_a_schema_key_does_not_parse(string? text) => Assert.Null(SchemaKey.TryParse(text));

    [Fact]
    public void A_key_prints_back_as_written()
    {
        var key = SchemaKey.TryParse(Prefix + "1-*-0")!;
        Assert.Equal(Prefix + "1-*-0", key.ToString());
        Assert.Equal("1-*-0", key.Version);
        Assert.Equal(("com.snowplowanalytics.snowplow.badrows", "adapter_failures", "jsonschema"), (key.Vendor, key.Name, key.Format));
    }
}
