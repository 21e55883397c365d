using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventRecovery.Job.Iglu;

/// <summary>
/// Rewrites an Iglu schema (JSON Schema draft-04) so that a draft-07 validator reads it as draft-04 meant it: boolean
/// <c>exclusiveMaximum</c>/<c>exclusiveMinimum</c> become the numbers draft-07 expects, <c>id</c> becomes <c>$id</c>
/// (placed first), <c>$schema</c> and Iglu's <c>self</c> are dropped, and a <c>$ref</c> to a remote http(s) schema is
/// taken as <c>{}</c>, as Enrich does (it never fetches remote references). Only schema keywords are touched: a
/// property named <c>id</c> or <c>self</c> stays.
/// </summary>
public static class Draft04Schema
{
    // Keywords whose value is a schema, a list of schemas, or a map of names to schemas.
    private static readonly string[] SchemaValued =
    [
        "additionalItems",
        "additionalProperties",
        "not",
        "items",
        "contains",
        "propertyNames",
        "if",
        "then",
        "else",
    ];
    private static readonly string[] SchemaLists = ["allOf", "anyOf", "oneOf", "items"];
    private static readonly string[] SchemaMaps = ["properties", "patternProperties", "definitions", "dependencies"];

    /// <summary>The rewritten schema (a new tree; <paramref name="schema"/> is not changed).</summary>
    public static JsonNode Rewrite(JsonNode schema) => Schema(schema.DeepClone());

    private static JsonNode Schema(JsonNode node)
    {
        if (node is not JsonObject o)
            return node; // true/false or something a validator will refuse itself
        if (o["$ref"] is JsonValue r && r.GetValueKind() == JsonValueKind.String && IsRemote(r.GetValue<string>()))
            return new JsonObject();

        var result = new JsonObject();
        if (o["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String)
            result["$id"] = id.GetValue<string>();
        foreach (var (name, value) in o.ToList())
        {
            switch (name)
            {
                case "$schema" or "self":
                    continue;
                case "id" when value is JsonValue v && v.GetValueKind() == JsonValueKind.String:
                    continue;
                case "exclusiveMaximum" or "exclusiveMinimum" when value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    continue; // folded into maximum/minimum below
                case "maximum" or "minimum" when Exclusive(o, name == "maximum" ? "exclusiveMaximum" : "exclusiveMinimum"):
                    result[name == "maximum" ? "exclusiveMaximum" : "exclusiveMinimum"] = value?.DeepClone();
                    continue;
            }
            o.Remove(name);
            result[name] = Child(name, value);
        }
        return result;
    }

    private static bool Exclusive(JsonObject o, string keyword) => o[keyword]?.GetValueKind() == JsonValueKind.True;

    private static JsonNode? Child(string keyword, JsonNode? value)
    {
        if (value is null)
            return null;
        if (SchemaLists.Contains(keyword) && value is JsonArray list)
        {
            var items = new JsonArray();
            foreach (var item in list.ToList())
            {
                list.Remove(item);
                items.Add(item is null ? null : Schema(item));
            }
            return items;
        }
        if (SchemaMaps.Contains(keyword) && value is JsonObject map)
        {
            var named = new JsonObject();
            foreach (var (name, child) in map.ToList())
            {
                map.Remove(name);
                // dependencies may map a name to a list of property names: not a schema
                named[name] = child is JsonObject ? Schema(child) : child;
            }
            return named;
        }
        return SchemaValued.Contains(keyword) && value is JsonObject ? Schema(value) : value;
    }

    private static bool IsRemote(string reference) =>
        reference.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || reference.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
