using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Payloads;

/// <summary>
/// Name/value pairs nothing has touched are read from the line's JSON without opening their nodes; only the plain
/// shape is, and an opened (possibly changed) pair is always read from its node.
/// </summary>
public class NameValueElementTests
{
    private static JsonNode Unopened(string json) => JsonObject.Create(JsonDocument.Parse(json).RootElement)!;

    [Theory]
    [InlineData("""{"name":"aid","value":"x"}""", "aid", "x")]
    [InlineData("""{"value":null,"name":"aid"}""", "aid", null)]
    [InlineData("""{"name":"aid"}""", "aid", null)]
    [InlineData("""{"name":"aid","value":"x","extra":[1]}""", "aid", "x")]
    public void A_plain_pair_is_read_from_the_line(string json, string name, string? value)
    {
        Assert.True(NameValueElement.TryRead(Unopened(json), out var pair));
        Assert.Equal(name, pair.Name.GetString());
        Assert.Equal(value, pair.Value?.GetString());
    }

    [Theory]
    [InlineData("""{"name":"aid","name":"tna","value":"x"}""")] // duplicate name: the node refuses the object
    [InlineData("""{"name":"aid","value":"x","value":"y"}""")]
    [InlineData("""{"name":"aid","value":"x","a":1,"a":2}""")]
    [InlineData("""{"name":1,"value":"x"}""")] // not a string: the node's message says so
    [InlineData("""{"name":"aid","value":12}""")]
    [InlineData("""{"value":"x"}""")]
    [InlineData("""["aid","x"]""")]
    public void Anything_else_is_left_to_the_node(string json) =>
        Assert.False(NameValueElement.TryRead(JsonNode.Parse(json) is JsonObject ? Unopened(json) : JsonNode.Parse(json), out _));

    [Fact]
    public void A_pair_once_opened_is_read_from_its_node_with_its_changes()
    {
        var pair = Unopened("""{"name":"aid","value":"old"}""").AsObject();
        Assert.True(UntouchedJson.TryGetElement(pair, out _));
        pair["value"] = "new";
        Assert.False(UntouchedJson.TryGetElement(pair, out _));
        Assert.False(NameValueElement.TryRead(pair, out _));
        var payload = new JsonObject { ["qs"] = new JsonArray(pair, Unopened("""{"name":"e","value":"pv"}""")) };
        Assert.Equal("aid=new&e=pv", PayloadReader.Of(payload, "p").Querystring("qs").ToString());
    }

    [Fact]
    public void A_duplicate_key_in_a_querystring_pair_still_fails_the_row()
    {
        var row = BadRowLines.AdapterFailures();
        var broken = row.Replace("""{"name":"e","value":"pv"}""", """{"name":"e","value":"pv","value":"pp"}""");
        Assert.NotEqual(row, broken);
        var recoverer = Configs.WithSteps("adapter_failures", """[{"op":"Replace","path":"$.hostname","value":"c.example"}]""");
        Assert.Equal(OutcomeKind.Recovered, recoverer.Recover(row).Kind);
        var outcome = recoverer.Recover(broken);
        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.Contains("value", outcome.Reason);
    }
}
