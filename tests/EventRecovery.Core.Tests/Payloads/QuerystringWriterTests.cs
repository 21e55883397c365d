using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Thrift;
using FsCheck;
using FsCheck.Fluent;

namespace EventRecovery.Core.Tests.Payloads;

/// <summary>
/// The querystring written straight from a payload's UTF-8 must be exactly the one built from its values as
/// strings (<see cref="Querystring.Build"/> over <c>NameValues</c>), whatever the values hold and however the
/// line escaped them.
/// </summary>
public class QuerystringWriterTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    // Values from every UTF-8 length class, with characters that JSON escapes (quotes, backslashes, controls).
    private static readonly Gen<string?> Value = Gen.Frequency(
        (1, Gen.Constant<string?>(null)),
        (1, Gen.Constant<string?>("")),
        (
            2,
            Gen.Elements("a b", "\"quoted\"", "back\\slash", "tab\there", "~!*'()", "{\"schema\":\"iglu:a/b/jsonschema/1-0-0\"}")
                .Select(s => (string?)s)
        ),
        (6, PayloadGen.AnyString.Select(s => (string?)s))
    );

    private static readonly Gen<List<(string Name, string? Value)>> Parameters = Gen.ListOf(
            Gen.Zip(Gen.Elements("e", "aid", "ue_pr", "cx", "url", "名前"), Value)
        )
        .Select(l => l.ToList());

    private static string Expected(JsonObject payload, string name) =>
        Querystring.Build(PayloadReader.Of(payload, "payload").NameValues(name));

    private static string Written(JsonObject payload, string name) => PayloadReader.Of(payload, "payload").Querystring(name).ToString();

    /// <summary>A payload as a line would hold it: non-ASCII raw (relaxed) or as \u escapes (default encoder).</summary>
    private static JsonObject Line(List<(string Name, string? Value)> parameters, bool escapeNonAscii)
    {
        var list = parameters.Select(p => new Dictionary<string, string?> { ["name"] = p.Name, ["value"] = p.Value }).ToList();
        var options = new JsonSerializerOptions
        {
            Encoder = escapeNonAscii ? JavaScriptEncoder.Default : JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        var text = JsonSerializer.Serialize(new { parameters = list }, options);
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public void Unchanged_values_give_the_same_querystring_as_building_it_from_strings() =>
        Check.One(Config, Prop.ForAll(Parameters.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (parameters, escape) =>
            {
                var payload = Line(parameters, escape);
                return Written(payload, "parameters") == Expected(payload, "parameters");
            }));

    [Fact]
    public void Values_changed_by_steps_are_written_from_their_new_text() =>
        Check.One(Config, Prop.ForAll(Parameters.ToArbitrary(), PayloadGen.AnyString.ToArbitrary(), (parameters, replacement) =>
            {
                var payload = Line(parameters, escapeNonAscii: false);
                var list = payload["parameters"]!.AsArray();
                for (var i = 0; i < list.Count; i += 2)
                    list[i]!["value"] = replacement;
                return Written(payload, "parameters") == Expected(payload, "parameters");
            }));

    [Fact]
    public void The_object_form_writes_numbers_and_booleans_as_their_text()
    {
        var payload = JsonNode.Parse("""{"qs":{"e":"pv","n":12.50,"b":true,"none":null,"u":"é ü"}}""")!.AsObject();
        Assert.Equal("e=pv&n=12.50&b=true&none=&u=%C3%A9+%C3%BC", Written(payload, "qs"));
        Assert.Equal(Expected(payload, "qs"), Written(payload, "qs"));
    }

    [Theory]
    [InlineData("""{"qs":[{"name":"e","value":1}]}""", "payload.qs[0].value is number 1, expected a string")]
    [InlineData("""{"qs":[{"value":"x"}]}""", "payload.qs[0].name is missing, expected a string")]
    [InlineData("""{"qs":["e=pv"]}""", "payload.qs[0] is string, expected an object")]
    [InlineData("""{"qs":{"e":{"a":1}}}""", "payload.qs.e is object {\"a\":1}, expected a string")]
    [InlineData("""{"qs":"e=pv"}""", "payload.qs is string, expected a list of name/value pairs")]
    [InlineData("""{}""", "payload.qs is missing, expected a list of name/value pairs")]
    public void A_malformed_list_fails_with_the_same_message_either_way(string json, string message)
    {
        var payload = JsonNode.Parse(json)!.AsObject();
        Assert.Equal(message, Assert.Throws<RowFailure>(() => Written(payload, "qs")).Message);
        Assert.Equal(message, Assert.Throws<RowFailure>(() => Expected(payload, "qs")).Message);
    }

    [Fact]
    public void Utf8_encoding_matches_encoding_the_string() =>
        Check.One(Config.WithMaxTest(1000), Prop.ForAll(PayloadGen.AnyString.ToArbitrary(), s =>
            {
                var utf8 = System.Text.Encoding.UTF8.GetBytes(s);
                var destination = new byte[utf8.Length * 3];
                var n = UrlCoding.EncodeUtf8(utf8, destination);
                return System.Text.Encoding.ASCII.GetString(destination, 0, n) == UrlCoding.Encode(s);
            }));
}
