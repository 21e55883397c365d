using System.Text.Json.Nodes;
using EventRecovery.Job.Reporting;

namespace EventRecovery.Job.Tests.Reporting;

public sealed class SecretRedactionTests
{
    [Fact]
    public void A_resolver_repository_apikey_is_redacted_and_everything_else_kept()
    {
        const string resolver = """
            {"schema":"iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3","data":{"cacheSize":500,"repositories":[
              {"name":"Iglu Central","priority":0,"vendorPrefixes":["com.snowplowanalytics"],
               "connection":{"http":{"uri":"http://iglucentral.com"}}},
              {"name":"Acme","priority":1,"vendorPrefixes":["com.acme"],
               "connection":{"http":{"uri":"https://iglu.acme.com/api","apikey":"5a1f-very-secret"}}}]}}
            """;

        var shown = SecretRedaction.Redact(resolver);

        Assert.DoesNotContain("5a1f-very-secret", shown);
        Assert.Contains("\"apikey\": \"(redacted)\"", shown);
        Assert.Contains("https://iglu.acme.com/api", shown);
        Assert.Contains("Iglu Central", shown);
    }

    [Theory]
    [InlineData("apiKey")]
    [InlineData("api_key")]
    [InlineData("password")]
    [InlineData("secretAccessKey")]
    [InlineData("sessionToken")]
    [InlineData("Authorization")]
    public void Fields_named_like_credentials_are_redacted_at_any_depth(string name)
    {
        var shown = SecretRedaction.Redact($$$"""{"a":[{"b":{"{{{name}}}":"s3cr3t","keep":"visible"}}]}""");

        Assert.DoesNotContain("s3cr3t", shown);
        Assert.Contains("visible", shown);
    }

    [Fact]
    public void A_recovery_config_is_shown_unchanged()
    {
        const string config = """
            {"schema":"iglu:com.snowplowanalytics.snowplow/recoveries/jsonschema/4-0-0",
             "data":{"k":[{"name":"f","conditions":[],"steps":[{"op":"Replace","path":"$.a","match":"<x>","value":"1-0-1"}]}]}}
            """;

        var shown = SecretRedaction.Redact(config);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(config), JsonNode.Parse(shown)), shown);
        Assert.Contains("<x>", shown); // readable: not escaped for JSON's sake (the page encodes it for HTML)
    }

    [Fact]
    public void Text_that_is_not_JSON_is_not_shown_at_all()
    {
        var shown = SecretRedaction.Redact("apikey=abc123 not json");

        Assert.DoesNotContain("abc123", shown);
        Assert.Contains("not shown", shown);
    }
}
