using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Job.Iglu;
using Json.Schema;

namespace EventRecovery.Job.Tests.Iglu;

/// <summary>
/// The compiled draft-04 validator: every case of the draft-04 table as draft-04 means it, its own cases (where it
/// reads draft-04 more strictly than a draft-07 validator does), its messages, what it refuses to compile, and
/// agreement with JsonSchema.Net on instances made from every Iglu Central schema of the shared reference.
/// </summary>
public sealed class Draft04ValidatorTests
{
    private static Draft04Validator Compile(string schema)
    {
        var validator = IgluSchemaValidator.CompileOwn(schema, out var unsupported);
        Assert.True(validator is not null, unsupported);
        return validator!;
    }

    private static string? FirstError(string schema, string instance)
    {
        using var document = JsonDocument.Parse(instance);
        return Compile(schema).FirstError(document.RootElement);
    }

    [Theory]
    [MemberData(nameof(Draft04SchemaTests.Cases), MemberType = typeof(Draft04SchemaTests))]
    public void Validates_the_draft_04_table_as_draft_04_means(string name, string schema, string instance, bool valid) =>
        Assert.True(valid == (FirstError(schema, instance) is null), $"{name}: expected {(valid ? "valid" : "invalid")}");

    public static TheoryData<string, string, string, bool> OwnCases =>
        new()
        {
            { "integer: no fraction", """{"type": "integer"}""", "1.0", false },
            { "integer: no exponent", """{"type": "integer"}""", "1e2", false },
            { "integer", """{"type": "integer"}""", "-12", true },
            { "number takes an integer", """{"type": "number"}""", "3", true },
            { "length counts code points, not UTF-16 units", """{"maxLength": 2}""", "\"👍🏽\"", true },
            { "length counts code points, not graphemes", """{"maxLength": 1}""", "\"👍🏽\"", false },
            { "\\d is ASCII digits only", """{"pattern": "^\\d$"}""", "\"\u0663\"", false },
            { "a pattern is a search", """{"pattern": "a"}""", "\"xax\"", true },
            { "\\p{L} is understood", """{"pattern": "^\\p{L}+$"}""", "\"été\"", true },
            { "enum compares numbers by value", """{"enum": [1, "a"]}""", "1.0", true },
            { "enum compares objects whatever their order", """{"enum": [{"a": 1, "b": [2]}]}""", """{"b": [2], "a": 1}""", true },
            { "uniqueItems: equal numbers", """{"uniqueItems": true}""", "[1, 1.0]", false },
            { "uniqueItems: distinct", """{"uniqueItems": true}""", """[1, "1", [1]]""", true },
            { "multipleOf in decimal", """{"multipleOf": 0.01}""", "0.07", true },
            { "multipleOf", """{"multipleOf": 0.5}""", "0.7", false },
            { "$ref to the root", """{"properties": {"next": {"$ref": "#"}}, "type": "object"}""", """{"next": {"next": 3}}""", false },
            {
                "$ref beside other keywords: only the $ref counts",
                """{"definitions": {"s": {"type": "string"}}, "$ref": "#/definitions/s", "maxLength": 1}""",
                "\"abc\"",
                true
            },
            { "anyOf", """{"anyOf": [{"type": "string"}, {"minimum": 2}]}""", "1", false },
            { "oneOf: both match", """{"oneOf": [{"type": "integer"}, {"minimum": 2}]}""", "3", false },
            { "oneOf: one matches", """{"oneOf": [{"type": "integer"}, {"minimum": 2}]}""", "1", true },
            { "not", """{"not": {"type": "null"}}""", "null", false },
            { "allOf", """{"allOf": [{"type": "string"}, {"maxLength": 2}]}""", "\"abc\"", false },
            { "dependencies as a schema", """{"dependencies": {"a": {"required": ["b"]}}}""", """{"a": 1}""", false },
            { "minProperties", """{"minProperties": 2}""", """{"a": 1}""", false },
            { "maxProperties", """{"maxProperties": 1}""", """{"a": 1}""", true },
            { "additionalItems as a schema", """{"items": [{}], "additionalItems": {"type": "integer"}}""", """["x", 1, "y"]""", false },
            {
                "additionalProperties as a schema",
                """{"properties": {"a": {}}, "additionalProperties": {"type": "integer"}}""",
                """{"a": "x", "b": 1}""",
                true
            },
            {
                "patternProperties then additionalProperties",
                """{"patternProperties": {"^x": {}}, "additionalProperties": false}""",
                """{"xa": 1, "b": 2}""",
                false
            },
            { "an escaped property name", """{"properties": {"a\"b": {"type": "integer"}}}""", """{"a\u0022b": "x"}""", false },
            { "keywords of another type do not apply", """{"maxLength": 1, "minimum": 5, "required": ["a"]}""", "[1, 2]", true },
        };

    [Theory]
    [MemberData(nameof(OwnCases))]
    public void Reads_draft_04_strictly(string name, string schema, string instance, bool valid) =>
        Assert.True(valid == (FirstError(schema, instance) is null), $"{name}: expected {(valid ? "valid" : "invalid")}");

    [Theory]
    [InlineData("""{"properties": {"age": {"type": "integer"}}}""", """{"age": "37"}""", "$.age: integer expected, string found")]
    [InlineData("""{"properties": {"age": {"maximum": 30}}}""", """{"age": 37}""", "$.age: 37 should be at most 30")]
    [InlineData("""{"properties": {"n": {"minimum": 0, "exclusiveMinimum": true}}}""", """{"n": 0}""", "$.n: 0 should be greater than 0")]
    [InlineData(
        """{"items": {"properties": {"b": {"type": ["string", "null"]}}}}""",
        """[{}, {"b": 1}]""",
        "$[1].b: string or null expected, integer found"
    )]
    [InlineData("""{"required": ["a", "b"]}""", "{}", "$: required properties \"a\", \"b\" missing")]
    [InlineData(
        """{"properties": {"a": {}}, "additionalProperties": false}""",
        """{"a": 1, "colour": "red"}""",
        "$.colour: not allowed (additionalProperties is false)"
    )]
    [InlineData("""{"properties": {"id": {"maxLength": 3}}}""", """{"id": "abcd"}""", "$.id: 4 characters, at most 3 allowed")]
    [InlineData("""{"properties": {"id": {"format": "uuid"}}}""", """{"id": "nope"}""", "$.id: \"nope\" is not a valid uuid")]
    [InlineData("""{"properties": {"e": {"enum": ["a", "b"]}}}""", """{"e": "c"}""", "$.e: \"c\" is not one of [\"a\", \"b\"]")]
    [InlineData("""{"properties": {"a-b": {"type": "string"}}}""", """{"a-b": 1}""", "$[\"a-b\"]: string expected, integer found")]
    public void Says_where_and_why_an_instance_fails(string schema, string instance, string error) =>
        Assert.Equal(error, FirstError(schema, instance));

    [Theory]
    [InlineData("""{"format": "ipv4-or-what"}""", "format ipv4-or-what")]
    [InlineData("""{"properties": {"a": {"$ref": "other.json#/x"}}}""", "not a local JSON pointer")]
    [InlineData("""{"$ref": "#/definitions/missing"}""", "points at nothing")]
    [InlineData("""{"definitions": {"a": {"$ref": "#/definitions/a"}}, "$ref": "#/definitions/a"}""", "refers to itself")]
    [InlineData("""{"type": "integer-ish"}""", "unknown type")]
    public void Refuses_what_it_does_not_implement_so_JsonSchema_Net_validates_it(string schema, string why)
    {
        Assert.Null(IgluSchemaValidator.CompileOwn(schema, out var unsupported));
        Assert.Contains(why, unsupported);
    }

    [Fact]
    public void A_schema_that_recurses_without_going_down_the_instance_throws_instead_of_crashing()
    {
        var validator = Compile("""{"allOf": [{"$ref": "#"}]}""");
        using var document = JsonDocument.Parse("1");
        Assert.Throws<InsufficientExecutionStackException>(() => validator.FirstError(document.RootElement));
    }

    /// <summary>
    /// Every Iglu Central schema of the shared reference compiles, and agrees with JsonSchema.Net (the draft-04 rewrite,
    /// formats on) on an instance made to pass and on each instance made from it to fail one way: a property of the
    /// wrong type, a required property removed, an unknown property added, a string made too long or of a wrong format.
    /// </summary>
    [Fact]
    public void Agrees_with_JsonSchema_Net_on_instances_of_every_Iglu_Central_schema()
    {
        var files = Directory.EnumerateFiles(IgluServer.ReferenceSchemas, "*", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count > 50, $"only {files.Count} reference schemas");
        var compared = 0;
        var disagreements = new List<string>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var own = IgluSchemaValidator.CompileOwn(text, out var unsupported);
            Assert.True(own is not null, $"{file}: {unsupported}");
            var reference = IgluSchemaValidator.Compile(
                text,
                new Uri("https://iglu.invalid/" + Path.GetRelativePath(IgluServer.ReferenceSchemas, file))
            );
            var schema = JsonNode.Parse(text)!.AsObject();
            foreach (var instance in Instances.Of(schema))
            {
                var json = instance?.ToJsonString() ?? "null";
                using var document = JsonDocument.Parse(json);
                var ownValid = own!.FirstError(document.RootElement) is null;
                var referenceValid = reference
                    .Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true })
                    .IsValid;
                if (ownValid != referenceValid)
                    disagreements.Add($"{file}: {json}: own {ownValid}, JsonSchema.Net {referenceValid}");
                compared++;
            }
        }
        Assert.Empty(disagreements);
        Assert.True(compared > 5000, $"only {compared} instances compared");
    }

    /// <summary>Instances of a schema: one built to pass, and variants of it that each break one rule.</summary>
    private static class Instances
    {
        public static IEnumerable<JsonNode?> Of(JsonObject schema)
        {
            var valid = Make(schema, schema, 0);
            yield return valid;
            foreach (var variant in Variants(schema, schema, valid, 0))
                yield return variant;
            foreach (var other in new JsonNode?[] { null, true, 7, 2.5, "text", new JsonArray(), new JsonObject() })
                yield return other;
        }

        private static JsonObject? Resolve(JsonObject root, JsonObject schema)
        {
            if (schema["$ref"]?.GetValue<string>() is not { } reference)
                return schema;
            if (!reference.StartsWith("#/", StringComparison.Ordinal))
                return null;
            JsonNode? at = root;
            foreach (var segment in reference[2..].Split('/'))
                at = at?[segment];
            return at as JsonObject;
        }

        private static string? FirstType(JsonObject schema) =>
            schema["type"] switch
            {
                JsonValue v => v.GetValue<string>(),
                JsonArray a => a.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null",
                _ => schema["properties"] is not null ? "object" : null,
            };

        private static long? Whole(JsonNode? node) => (node as JsonValue)?.TryGetValue<long>(out var n) == true ? n : null;

        public static JsonNode? Make(JsonObject root, JsonObject schema, int depth)
        {
            if (depth > 6 || Resolve(root, schema) is not { } s)
                return null;
            if (s["enum"] is JsonArray choices && choices.Count > 0)
                return choices[0]?.DeepClone();
            if (s["oneOf"] is JsonArray one && one[0] is JsonObject o1)
                return Make(root, o1, depth + 1);
            if (s["anyOf"] is JsonArray any && any[0] is JsonObject a1)
                return Make(root, a1, depth + 1);
            switch (FirstType(s))
            {
                case "object":
                    var result = new JsonObject();
                    if (s["properties"] is JsonObject properties)
                        foreach (var (name, sub) in properties)
                            if (sub is JsonObject subSchema)
                                result[name] = Make(root, subSchema, depth + 1);
                    return result;
                case "array":
                    var items = new JsonArray();
                    var count = Whole(s["minItems"]) ?? 1;
                    for (var i = 0; i < Math.Max(1, count); i++)
                        items.Add(s["items"] is JsonObject item ? Make(root, item, depth + 1) : "x");
                    return items;
                case "string":
                    return s["format"]?.GetValue<string>() switch
                    {
                        "date-time" => "2026-12-07T10:00:00.000Z",
                        "uri" => "https://acme.example/x",
                        "uuid" => "0b7e8ab6-6c2a-4a39-8a1b-2f0c2d0b8e11",
                        "email" => "a@acme.example",
                        "ipv4" => "10.0.0.1",
                        "ipv6" => "2001:db8::1",
                        "hostname" => "acme.example",
                        _ => new string('a', (int)Math.Max(1, Whole(s["minLength"]) ?? 1)),
                    };
                case "integer":
                    return Whole(s["minimum"]) ?? 1;
                case "number":
                    return (s["minimum"] as JsonValue)?.TryGetValue<double>(out var minimum) == true ? minimum : 1.5;
                case "boolean":
                    return true;
                case "null":
                    return null;
                default:
                    return "anything";
            }
        }

        private static IEnumerable<JsonNode?> Variants(JsonObject root, JsonObject schema, JsonNode? valid, int depth)
        {
            if (
                depth > 1
                || Resolve(root, schema) is not { } s
                || valid is not JsonObject instance
                || s["properties"] is not JsonObject properties
            )
                yield break;
            foreach (var (name, sub) in properties)
            {
                if (sub is not JsonObject subSchema)
                    continue;
                foreach (
                    var wrong in new JsonNode?[]
                    {
                        12345,
                        "a string",
                        null,
                        new JsonArray { 1 },
                        new string('z', 5000),
                        "2026-13-45 noon",
                    }
                )
                {
                    var copy = (JsonObject)instance.DeepClone();
                    copy[name] = wrong?.DeepClone();
                    yield return copy;
                }
                foreach (var nested in Variants(root, subSchema, instance[name], depth + 1))
                {
                    var copy = (JsonObject)instance.DeepClone();
                    copy[name] = nested;
                    yield return copy;
                }
            }
            foreach (var name in properties.Select(p => p.Key))
            {
                var without = (JsonObject)instance.DeepClone();
                without.Remove(name);
                yield return without;
            }
            var extra = (JsonObject)instance.DeepClone();
            extra["surely_not_a_property"] = 1;
            yield return extra;
        }
    }
}
