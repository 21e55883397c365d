using EventRecovery.Studio.Configs;

namespace EventRecovery.Studio.Tests.Configs;

public sealed class JsonTextLocationsTests
{
    private const string Text = """
        {
          "schema": "iglu:com.snowplowanalytics.snowplow/recoveries/jsonschema/4-0-0",
          "data": {
            "iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*": [
              {
                "name": "a",
                "conditions": [],
                "steps": [
                  { "op": "Remove", "path": "$.querystring.aid" },
                  {
                    "op": "Replace",
                    "path": "$.querystring.e"
                  }
                ]
              }
            ],
            "weird \"key\" [0]": []
          }
        }
        """;

    [Theory]
    [InlineData("", 1)]
    [InlineData("schema", 2)]
    [InlineData("data", 3)]
    [InlineData("data[\"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*\"]", 4)]
    [InlineData("data[\"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*\"][0]", 5)]
    [InlineData("data[\"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*\"][0].name", 6)]
    [InlineData("data[\"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*\"][0].steps[0].path", 9)]
    [InlineData("data[\"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*\"][0].steps[1]", 10)]
    [InlineData("data[\"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*\"][0].steps[1].path", 12)]
    // Not in the text (a missing property): the nearest enclosing one that is.
    [InlineData("data[\"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*\"][0].steps[1].value", 10)]
    [InlineData("data[\"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*\"][0].steps[7]", 8)]
    [InlineData("data[\"weird \\\"key\\\" [0]\"]", 17)]
    [InlineData("data[\"weird \\\"key\\\" [0]\"][0].name", 17)]
    public void A_location_is_placed_on_its_line(string location, int line) => Assert.Equal(line, JsonTextLocations.LineOf(Text, location));

    [Fact]
    public void Text_that_stops_being_JSON_is_placed_where_it_stops()
    {
        var broken = Text.Replace("\"name\": \"a\",", "\"name\": \"a\",,", StringComparison.Ordinal);
        Assert.Equal(6, JsonTextLocations.LineOf(broken, ""));
        Assert.Equal(6, JsonTextLocations.LineOf(broken, "data"));
    }

    [Fact]
    public void Base64_text_has_no_lines_to_place()
    {
        Assert.Null(JsonTextLocations.LineOf("eyJhIjoxfQ==", "data"));
    }
}
