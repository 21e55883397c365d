using System.Text.Json;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Configuration;

namespace EventRecovery.Core.Tests.BadRows;

/// <summary>Schema keys read once per distinct schema: the same key as parsing, the text for messages.</summary>
public class SchemaKeysTests
{
    private static JsonElement String(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void A_schema_read_again_gives_the_same_key_without_parsing_it_again()
    {
        var keys = new SchemaKeys();
        var first = keys.Read(String("\"iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-0\""), out var text);
        var again = keys.Read(String("\"iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-0\""), out _);
        Assert.Equal("iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-0", text);
        Assert.Same(first, again);
        Assert.Equal(SchemaKey.TryParse(text), again);
    }

    [Theory]
    [InlineData("\"iglu:com.acme/x/jsonschema/1-0-0\\n\"")] // the key pattern's $ accepts a final newline
    [InlineData("\"iglu:com.acme/\\u0078/jsonschema/1-0-0\"")]
    [InlineData("\"not a key\"")]
    [InlineData("\"\"")]
    public void Escaped_and_invalid_schemas_read_as_parsing_reads_them(string json)
    {
        var keys = new SchemaKeys();
        for (var i = 0; i < 2; i++)
        {
            var key = keys.Read(String(json), out var text);
            Assert.Equal(JsonSerializer.Deserialize<string>(json), text);
            Assert.Equal(SchemaKey.TryParse(text), key);
        }
    }

    [Fact]
    public void It_keeps_a_bounded_number_of_keys_and_still_reads_the_others()
    {
        var keys = new SchemaKeys();
        for (var i = 0; i < SchemaKeys.Capacity + 10; i++)
        {
            var key = keys.Read(String($"\"iglu:com.acme/e{i}/jsonschema/1-0-0\""), out _);
            Assert.Equal($"e{i}", key!.Name);
        }
        Assert.Equal("e70", keys.Read(String("\"iglu:com.acme/e70/jsonschema/1-0-0\""), out _)!.Name);
    }

    [Fact]
    public void A_cached_key_of_a_row_that_is_not_a_bad_row_still_names_its_schema_in_the_reason()
    {
        var keys = new SchemaKeys();
        var row = String("""{"schema":"iglu:com.acme/other/jsonschema/1-0-0","data":{}}""");
        for (var i = 0; i < 2; i++)
        {
            var e = Assert.Throws<EventRecovery.Core.Recovery.RowFailure>(() => BadRow.From(row, keys: keys));
            Assert.Contains("its schema iglu:com.acme/other/jsonschema/1-0-0 is not from", e.Message);
        }
    }
}
