using System.Text;
using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Paths;

/// <summary>
/// Paths through plain JSON, name/value lists and encoded layers, seen through the steps that use them:
/// a layer is decoded on the way in and re-encoded (compact) on the way out.
/// </summary>
public class PathWalkerTests
{
    private const string Contexts =
        """{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[{"schema":"iglu:com.acme/a/jsonschema/1-0-0","data":{"id":1,"tag":"x"}},{"schema":"iglu:com.acme/b/jsonschema/1-0-0","data":{"id":2,"tag":"x"}}]}""";
    private const string Unstruct =
        """{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:com.acme/ev/jsonschema/1-0-0","data":{"price":"12","name":"café ☕"}}}""";

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static string UrlSafeUnpadded(string s) => B64(s).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static string FromB64(string s) => Encoding.UTF8.GetString(Convert.FromBase64String(s));

    private static JsonObject Params(params (string Name, string? Value)[] pairs) =>
        new() { ["parameters"] = BadRowLines.Parameters(pairs) };

    private static string? ValueOf(string document, string parameter) =>
        JsonNode.Parse(document)!["parameters"]!
            .AsArray()
            .First(p => p!["name"]!.GetValue<string>() == parameter)!["value"]
            ?.GetValue<string>();

    private static string Replace(string path, string valueJson, JsonObject document) =>
        StepRunner.Apply($$"""[{"op": "Replace", "path": "{{path}}", "value": {{valueJson}}}]""", document.ToJsonString());

    private static JsonPath Path(string text) => JsonPath.TryParse(text, TimeSpan.FromSeconds(1), out _)!;

    [Fact]
    public void A_plain_field_is_replaced()
    {
        var result = Replace(
            "$.a.b",
            "\"new\"",
            new JsonObject
            {
                ["a"] = new JsonObject { ["b"] = "old", ["c"] = 1 },
            }
        );
        Assert.Equal("""{"a":{"b":"new","c":1}}""", result);
    }

    [Fact]
    public void An_index_selects_one_element()
    {
        var result = Replace("$.a[1]", "9", new JsonObject { ["a"] = new JsonArray(1, 2, 3) });
        Assert.Equal("""{"a":[1,9,3]}""", result);
    }

    [Fact]
    public void The_root_path_replaces_the_whole_document() =>
        Assert.Equal("""{"b":2}""", Replace("$", """{"b":2}""", new JsonObject { ["a"] = 1 }));

    [Fact]
    public void A_parameter_is_addressed_by_its_name_in_parameters()
    {
        var result = Replace("$.parameters.aid", "\"app-2\"", Params(("e", "pv"), ("aid", "app-1")));
        Assert.Equal("app-2", ValueOf(result, "aid"));
        Assert.Equal("pv", ValueOf(result, "e"));
    }

    [Fact]
    public void A_querystring_parameter_is_addressed_by_its_name()
    {
        var doc = new JsonObject { ["querystring"] = BadRowLines.Parameters(("e", "pv"), ("page", "Home")) };
        var result = JsonNode.Parse(Replace("$.querystring.page", "\"Start\"", doc))!;
        Assert.Equal("""[{"name":"e","value":"pv"},{"name":"page","value":"Start"}]""", CompactJson.Serialize(result["querystring"]));
    }

    [Fact]
    public void A_querystring_parameter_is_addressed_by_a_filter()
    {
        var doc = new JsonObject { ["querystring"] = BadRowLines.Parameters(("e", "pv"), ("page", "Home")) };
        var result = JsonNode.Parse(Replace("$.querystring.[?(@.name=~page)].value", "\"Start\"", doc))!;
        Assert.Equal("Start", result["querystring"]![1]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void A_filter_applies_to_every_matching_element()
    {
        // The filter is a search in the compact JSON of the name: "se_ca" and "se_ac" both contain "se_".
        var doc = Params(("se_ca", "a"), ("e", "se"), ("se_ac", "b"));
        var result = Replace("$.parameters[?(@.name=~se_)].value", "\"z\"", doc);
        Assert.Equal(("z", "se", "z"), (ValueOf(result, "se_ca"), ValueOf(result, "e"), ValueOf(result, "se_ac")));
    }

    [Fact]
    public void A_filter_is_a_search_in_compact_JSON_so_anchors_meet_the_quotes()
    {
        var doc = Params(("aid", "a"));
        Assert.Contains(
            "matches no element",
            StepRunner.Failure("""[{"op": "Replace", "path": "$.parameters[?(@.name=~^aid$)].value", "value": "x"}]""", doc.ToJsonString())
        );
        Assert.Equal("x", ValueOf(Replace("$.parameters[?(@.name=~^\\\"aid\\\"$)].value", "\"x\"", doc), "aid"));
    }

    [Fact]
    public void A_filter_that_matches_nothing_fails_with_the_path()
    {
        var reason = StepRunner.Failure(
            """[{"op": "Replace", "path": "$.parameters[?(@.name=~nope)].value", "value": "x"}]""",
            Params(("e", "pv")).ToJsonString()
        );
        Assert.Contains("$.parameters[?(@.name=~nope)].value", reason);
        Assert.Contains("matches no element", reason);
    }

    [Fact]
    public void A_filter_on_a_nested_field_selects_contexts_by_schema()
    {
        var doc = new JsonObject { ["entities"] = JsonNode.Parse(Contexts) };
        var result = JsonNode.Parse(Replace("$.entities.data[?(@.schema=~com.acme/b/)].data.tag", "\"y\"", doc))!;
        Assert.Equal("x", result["entities"]!["data"]![0]!["data"]!["tag"]!.GetValue<string>());
        Assert.Equal("y", result["entities"]!["data"]![1]!["data"]!["tag"]!.GetValue<string>());
    }

    [Fact]
    public void Cx_is_decoded_from_base64_and_re_encoded_as_standard_base64_of_compact_JSON()
    {
        var pretty = JsonNode.Parse(Contexts)!.ToJsonString(new() { WriteIndented = true });
        var doc = Params(("e", "pv"), ("cx", UrlSafeUnpadded(pretty)));

        var result = Replace("$.parameters.cx.data[1].data.id", "20", doc);

        var cx = ValueOf(result, "cx")!;
        Assert.Equal(B64(Contexts.Replace("\"id\":2,", "\"id\":20,")), cx);
        Assert.Equal(0, cx.Length % 4); // padded, standard alphabet
    }

    [Fact]
    public void Ue_px_is_a_base64_layer_too()
    {
        var doc = Params(("ue_px", B64(Unstruct)));
        var result = Replace("$.parameters.ue_px.data.data.price", "\"13\"", doc);
        Assert.Equal(Unstruct.Replace("\"12\"", "\"13\""), FromB64(ValueOf(result, "ue_px")!));
    }

    [Fact]
    public void Re_encoded_JSON_keeps_non_ASCII_characters_unescaped()
    {
        var doc = Params(("ue_px", B64(Unstruct)));
        var decoded = FromB64(ValueOf(Replace("$.parameters.ue_px.data.data.price", "\"1\"", doc), "ue_px")!);
        Assert.Contains("\"café ☕\"", decoded);
    }

    [Theory]
    [InlineData("ue_pr")]
    [InlineData("co")]
    public void Ue_pr_and_co_are_JSON_text_layers(string parameter)
    {
        var doc = Params(("e", "ue"), (parameter, JsonNode.Parse(Unstruct)!.ToJsonString(new() { WriteIndented = true })));
        var result = Replace($"$.parameters.{parameter}.data.data.price", "\"13\"", doc);
        Assert.Equal(Unstruct.Replace("\"12\"", "\"13\""), ValueOf(result, parameter));
    }

    [Fact]
    public void A_filter_naming_ue_pr_makes_what_follows_its_value_be_inside_the_JSON()
    {
        var doc = Params(("e", "ue"), ("ue_pr", Unstruct));
        var result = Replace("$.parameters.[?(@.name=~ue_pr)].value.data.data.price", "\"13\"", doc);
        Assert.Equal(Unstruct.Replace("\"12\"", "\"13\""), ValueOf(result, "ue_pr"));
    }

    [Fact]
    public void A_filter_naming_cx_makes_what_follows_its_value_be_inside_the_base64_JSON()
    {
        var doc = Params(("cx", B64(Contexts)));
        var result = Replace("$.parameters.[?(@.name=~cx)].value.data[0].data.tag", "\"q\"", doc);
        Assert.Equal(Contexts.Replace("\"id\":1,\"tag\":\"x\"", "\"id\":1,\"tag\":\"q\""), FromB64(ValueOf(result, "cx")!));
    }

    [Fact]
    public void A_contexts_field_holding_an_object_rather_than_text_fails()
    {
        var reason = StepRunner.Failure(
            """[{"op": "Replace", "path": "$.contexts.data", "value": 1}]""",
            new JsonObject { ["contexts"] = JsonNode.Parse(Contexts) }.ToJsonString()
        );
        Assert.Contains("$.contexts is object, expected a string holding JSON text", reason);
    }

    [Theory]
    [InlineData("contexts")]
    [InlineData("derived_contexts")]
    public void Contexts_fields_of_an_enriched_event_are_JSON_text_layers(string field)
    {
        var doc = new JsonObject { ["enriched"] = new JsonObject { [field] = Contexts } };
        var result = JsonNode.Parse(Replace($"$.enriched.{field}.data[0].data.id", "7", doc))!;
        Assert.Equal(Contexts.Replace("\"id\":1,", "\"id\":7,"), result["enriched"]![field]!.GetValue<string>());
    }

    [Fact]
    public void A_top_level_cx_field_is_a_base64_layer()
    {
        var doc = new JsonObject { ["cx"] = B64(Contexts) };
        var result = JsonNode.Parse(Replace("$.cx.data[0].data.id", "5", doc))!;
        Assert.Equal(Contexts.Replace("\"id\":1,", "\"id\":5,"), FromB64(result["cx"]!.GetValue<string>()));
    }

    [Fact]
    public void A_missing_field_fails_with_the_path_and_where_it_stopped()
    {
        var reason = StepRunner.Failure("""[{"op": "Replace", "path": "$.a.nope.c", "value": 1}]""", """{"a":{"b":1}}""");
        Assert.Contains("path $.a.nope.c", reason);
        Assert.Contains("$.a.nope does not exist", reason);
    }

    [Fact]
    public void A_missing_parameter_fails_with_its_name()
    {
        var reason = StepRunner.Failure("""[{"op": "Remove", "path": "$.parameters.aid"}]""", Params(("e", "pv")).ToJsonString());
        Assert.Contains("$.parameters.aid", reason);
        Assert.Contains("no parameter named 'aid'", reason);
    }

    [Fact]
    public void An_index_past_the_end_fails_with_the_array_size()
    {
        var reason = StepRunner.Failure("""[{"op": "Replace", "path": "$.a[3]", "value": 1}]""", """{"a":[1,2]}""");
        Assert.Contains("$.a[3] does not exist (the array has 2 elements)", reason);
    }

    [Fact]
    public void An_index_into_a_non_array_fails()
    {
        var reason = StepRunner.Failure("""[{"op": "Replace", "path": "$.a[0]", "value": 1}]""", """{"a":{"0":1}}""");
        Assert.Contains("$.a is object, not an array", reason);
    }

    [Fact]
    public void A_field_of_a_non_object_fails()
    {
        var reason = StepRunner.Failure("""[{"op": "Replace", "path": "$.a.b", "value": 1}]""", """{"a":"text"}""");
        Assert.Contains("$.a is string, it has no field 'b'", reason);
    }

    [Fact]
    public void A_base64_layer_that_is_not_base64_fails()
    {
        var reason = StepRunner.Failure(
            """[{"op": "Replace", "path": "$.parameters.cx.data", "value": 1}]""",
            Params(("cx", "not*base64")).ToJsonString()
        );
        Assert.Contains("not valid base64", reason);
    }

    [Fact]
    public void A_base64_layer_that_is_not_JSON_fails()
    {
        var reason = StepRunner.Failure(
            """[{"op": "Replace", "path": "$.parameters.cx.data", "value": 1}]""",
            Params(("cx", B64("{oops"))).ToJsonString()
        );
        Assert.Contains("$.parameters.cx does not hold valid JSON", reason);
    }

    [Fact]
    public void A_JSON_text_layer_that_is_not_a_string_fails()
    {
        var reason = StepRunner.Failure("""[{"op": "Replace", "path": "$.co.data", "value": 1}]""", """{"co":{"data":[]}}""");
        Assert.Contains("expected a string holding JSON text", reason);
    }

    [Fact]
    public void Visit_sees_every_selected_value_in_document_order_without_changing_anything()
    {
        var doc = JsonNode.Parse("""{"p":[{"name":"a1","value":"x"},{"name":"b","value":"y"},{"name":"a2","value":"z"}]}""");
        var before = CompactJson.Serialize(doc);
        var seen = new List<string>();
        PathWalker.Visit(doc, Path("$.p[?(@.name=~a)].value"), v => seen.Add(v!.GetValue<string>()));
        Assert.Equal(["x", "z"], seen);
        Assert.Equal(before, CompactJson.Serialize(doc));
    }

    [Fact]
    public void Visit_decodes_layers_without_re_encoding_them()
    {
        var pretty = JsonNode.Parse(Contexts)!.ToJsonString(new() { WriteIndented = true });
        var doc = JsonNode.Parse(Params(("cx", B64(pretty))).ToJsonString());
        var seen = new List<string>();
        PathWalker.Visit(doc, Path("$.parameters.cx.data[1].data.id"), v => seen.Add(CompactJson.Serialize(v)));
        Assert.Equal(["2"], seen);
        Assert.Equal(B64(pretty), doc!["parameters"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Steps_sharing_decoded_layers_each_see_the_changes_before_them_and_the_text_carries_them_all()
    {
        var doc = JsonNode.Parse(Params(("cx", B64(Contexts)), ("ue_pr", Unstruct)).ToJsonString());
        var layers = new DecodedLayers();
        // Conditions read first (decoding cx and ue_pr into the shared layers), then three steps change them.
        var read = new List<string>();
        PathWalker.Visit(doc, Path("$.parameters.cx.data[0].data.tag"), v => read.Add(CompactJson.Serialize(v)), layers);
        PathWalker.Visit(doc, Path("$.parameters.ue_pr.data.data.price"), v => read.Add(CompactJson.Serialize(v)), layers);
        doc = PathWalker.Transform(doc, Path("$.parameters.cx.data[0].data.tag"), _ => JsonValue.Create("y"), layers);
        doc = PathWalker.Transform(doc, Path("$.parameters.cx.data[?(@.data.tag=~y)].data.id"), _ => JsonValue.Create(10), layers);
        doc = PathWalker.Transform(doc, Path("$.parameters.ue_pr.data.data.price"), _ => JsonValue.Create(12), layers);
        // A later visit reads through the re-encoded fields and sees every change.
        PathWalker.Visit(doc, Path("$.parameters.cx.data[0].data"), v => read.Add(CompactJson.Serialize(v)), layers);

        Assert.Equal(["\"x\"", "\"12\"", "{\"id\":10,\"tag\":\"y\"}"], read);
        var text = doc!.ToJsonString();
        Assert.Equal(B64(Contexts.Replace("\"id\":1,\"tag\":\"x\"", "\"id\":10,\"tag\":\"y\"")), ValueOf(text, "cx"));
        Assert.Equal(CompactJson.Serialize(JsonNode.Parse(Unstruct.Replace("\"price\":\"12\"", "\"price\":12"))), ValueOf(text, "ue_pr"));
    }

    [Fact]
    public void Steps_with_shared_layers_give_the_same_text_as_steps_that_decode_afresh()
    {
        string Run(DecodedLayers? layers)
        {
            var doc = JsonNode.Parse(Params(("cx", UrlSafeUnpadded(Contexts)), ("e", "ue")).ToJsonString());
            PathWalker.Visit(doc, Path("$.parameters.cx.data[1].data.id"), _ => { }, layers);
            doc = PathWalker.Transform(
                doc,
                Path("$.parameters.cx.data[1].data"),
                v =>
                {
                    v!["added"] = true;
                    return v;
                },
                layers
            );
            doc = PathWalker.Transform(doc, Path("$.parameters.cx.data[1].data.id"), _ => JsonValue.Create("two"), layers);
            return doc!.ToJsonString();
        }
        Assert.Equal(Run(null), Run(new DecodedLayers()));
    }

    [Fact]
    public void Transform_throws_a_row_failure_for_a_missing_path()
    {
        // A row failure that also says where the path stopped, for traces.
        var e = Assert.Throws<PathNotFound>(() => PathWalker.Transform(JsonNode.Parse("{}"), Path("$.x"), v => v));
        Assert.IsAssignableFrom<RowFailure>(e);
        Assert.Equal(("$.x", "does not exist", "path $.x: $.x does not exist"), (e.At, e.Why, e.Message));
    }

    // A filter reads the elements it passes over without opening them. It must select what opening them selects,
    // and fail where opening them fails (a duplicate key, a key with an escaped lone surrogate), with the same message.

    private static FilterSegment Filter(string pattern) =>
        (FilterSegment)JsonPath.TryParse($"$.list[?(@.schema=~{pattern})]", TimeSpan.FromSeconds(1), out _)!.Segments[1];

    private static JsonObject Opened(string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        _ = obj.Count; // opens it
        return obj;
    }

    [Theory]
    [InlineData("""{"schema":"iglu:com.acme/customer/jsonschema/1-0-0","data":{}}""", "customer")]
    [InlineData("""{"schema":"iglu:com.acme/customer/jsonschema/1-0-0"}""", "^\"iglu")]
    [InlineData("""{"schema":null}""", "null")]
    [InlineData("""{"other":1}""", "null")]
    [InlineData("""{"schema":"caf\u00e9"}""", "é")]
    [InlineData("""{"schema":{"nested":1}}""", "nested")]
    [InlineData("""{"schema":12}""", "12")]
    public void A_filter_selects_an_unopened_element_as_an_opened_one(string element, string pattern)
    {
        var filter = Filter(pattern);
        Assert.Equal(filter.Selects(Opened(element)), filter.Selects(JsonNode.Parse(element)));
    }

    [Theory]
    [InlineData("""{"schema":"a","schema":"b"}""")]
    [InlineData("""{"schema":"a","\ud800":"b"}""")]
    [InlineData("""{"schema":"\ud800"}""")]
    public void A_filter_over_an_unopened_element_fails_as_opening_it_fails(string element)
    {
        var filter = Filter("a");
        var opened = Record.Exception(() => filter.Selects(Opened(element)));
        var unopened = Record.Exception(() => filter.Selects(JsonNode.Parse(element)));
        Assert.NotNull(opened);
        Assert.Equal(opened.GetType(), unopened?.GetType());
        Assert.Equal(opened.Message, unopened!.Message);
    }
}
