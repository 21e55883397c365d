using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Job.Iglu;
using Json.Schema;

namespace EventRecovery.Job.Tests.Iglu;

/// <summary>Draft-04 schemas rewritten and evaluated as draft-07 with formats on: each case as draft-04 means it.</summary>
public sealed class Draft04SchemaTests
{
    private const string Iglu = """
        "$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
        "self": {"vendor": "com.acme", "name": "case", "format": "jsonschema", "version": "1-0-0"},
        """;

    public static TheoryData<string, string, string, bool> Cases =>
        new()
        {
            {
                "exclusiveMaximum true excludes the maximum",
                """{"type": "number", "maximum": 10, "exclusiveMaximum": true}""",
                "10",
                false
            },
            { "exclusiveMaximum true keeps below", """{"type": "number", "maximum": 10, "exclusiveMaximum": true}""", "9.5", true },
            { "exclusiveMinimum true excludes the minimum", """{"type": "number", "minimum": 0, "exclusiveMinimum": true}""", "0", false },
            { "exclusiveMaximum false keeps the maximum", """{"type": "number", "maximum": 10, "exclusiveMaximum": false}""", "10", true },
            { "maximum alone", """{"maximum": 10}""", "11", false },
            { "a property named id stays a property", """{"properties": {"id": {"type": "string"}}}""", """{"id": 5}""", false },
            {
                "a property named self stays a property",
                """{"properties": {"self": {"type": "integer"}}, "required": ["self"]}""",
                """{"self": "x"}""",
                false
            },
            { "id becomes $id", """{"id": "http://acme.example/schemas/x#", "type": "string"}""", "\"a\"", true },
            {
                "a remote $ref is taken as {}",
                """{"properties": {"a": {"$ref": "http://iglucentral.com/schemas/com.acme/other/jsonschema/1-0-0#"}}}""",
                """{"a": 1}""",
                true
            },
            {
                "a local $ref is followed",
                """{"definitions": {"n": {"type": "integer"}}, "properties": {"a": {"$ref": "#/definitions/n"}}}""",
                """{"a": "x"}""",
                false
            },
            { "date-time valid", """{"format": "date-time"}""", "\"2026-10-03T08:15:31.002Z\"", true },
            { "date-time invalid", """{"format": "date-time"}""", "\"2026-13-45 noon\"", false },
            { "uri valid", """{"format": "uri"}""", "\"https://shop.acme.example/cart?x=1\"", true },
            { "uri relative is not a uri", """{"format": "uri"}""", "\"/cart\"", false },
            { "email invalid", """{"format": "email"}""", "\"not-an-address\"", false },
            { "email valid", """{"format": "email"}""", "\"someone@acme.example\"", true },
            { "ipv4 invalid", """{"format": "ipv4"}""", "\"999.0.2.1\"", false },
            { "ipv6 valid", """{"format": "ipv6"}""", "\"2001:db8::1\"", true },
            { "ipv6 invalid", """{"format": "ipv6"}""", "\"2001:db8:::1:zz\"", false },
            { "uuid invalid", """{"format": "uuid"}""", "\"0c9e8d7f-6a5b-4c3d\"", false },
            { "hostname invalid", """{"format": "hostname"}""", "\"-bad-.acme.example\"", false },
            { "nullable type", """{"type": ["string", "null"], "maxLength": 3}""", "null", true },
            { "maxLength", """{"type": ["string", "null"], "maxLength": 3}""", "\"abcd\"", false },
            { "additionalProperties false", """{"properties": {"a": {}}, "additionalProperties": false}""", """{"a": 1, "b": 2}""", false },
            { "required", """{"required": ["a"]}""", "{}", false },
            { "enum", """{"enum": ["red", "green"]}""", "\"blue\"", false },
            { "dependencies as property lists", """{"dependencies": {"a": ["b"]}}""", """{"a": 1}""", false },
            { "tuple items and additionalItems", """{"items": [{"type": "string"}], "additionalItems": false}""", """["a", "b"]""", false },
            { "patternProperties", """{"patternProperties": {"^n_": {"type": "number"}}}""", """{"n_x": "1"}""", false },
            {
                "nested exclusiveMaximum in items",
                """{"type": "array", "items": {"maximum": 1, "exclusiveMaximum": true}}""",
                "[0, 1]",
                false
            },
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validates_as_draft_04_means(string name, string schema, string instance, bool valid)
    {
        var text = "{" + Iglu + schema.TrimStart()[1..];
        var compiled = IgluSchemaValidator.Compile(text, new Uri("https://iglu.invalid/schemas/com.acme/case/jsonschema/1-0-0"));
        using var document = JsonDocument.Parse(instance);
        var result = compiled.Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true });
        Assert.True(valid == result.IsValid, $"{name}: expected {(valid ? "valid" : "invalid")}");
    }

    [Fact]
    public void The_rewrite_moves_id_first_drops_schema_and_self_and_folds_exclusive_bounds()
    {
        var rewritten = Draft04Schema.Rewrite(
            JsonNode.Parse(
                """
                {"$schema": "http://json-schema.org/draft-04/schema#", "self": {"name": "x"}, "type": "object", "id": "urn:x",
                 "properties": {"id": {"type": "number", "minimum": 1, "exclusiveMinimum": true}, "self": {"type": "string"}}}
                """
            )!
        );
        Assert.Equal(
            """{"$id":"urn:x","type":"object","properties":{"id":{"type":"number","exclusiveMinimum":1},"self":{"type":"string"}}}""",
            rewritten.ToJsonString()
        );
    }
}
