using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventRecovery.Core.Json;

/// <summary>Small queries on <see cref="JsonNode"/> that treat a C# <c>null</c> as JSON null.</summary>
public static class JsonKinds
{
    /// <summary>The JSON kind of a node, <see cref="JsonValueKind.Null"/> for <c>null</c>.</summary>
    public static JsonValueKind KindOf(JsonNode? node) =>
        node switch
        {
            null => JsonValueKind.Null,
            JsonObject => JsonValueKind.Object,
            JsonArray => JsonValueKind.Array,
            JsonValue v => v.GetValueKind(),
            _ => JsonValueKind.Undefined,
        };

    /// <summary>The string value of a node, or <c>null</c> when it is not a JSON string.</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Name of the kind for messages: "string", "number", "object"…</summary>
    public static string Describe(JsonNode? node) => Describe(KindOf(node));

    /// <summary>Name of a kind for messages, as <see cref="Describe(JsonNode?)"/>.</summary>
    public static string Describe(JsonValueKind kind) =>
        kind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        };

    /// <summary>Structural equality: numbers by value, objects regardless of key order.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var ka = KindOf(a);
        var kb = KindOf(b);
        if (ka != kb)
            return false;
        switch (ka)
        {
            case JsonValueKind.Null:
            case JsonValueKind.True:
            case JsonValueKind.False:
                return true;
            case JsonValueKind.String:
                return AsString(a) == AsString(b);
            case JsonValueKind.Number:
                var va = (JsonValue)a!;
                var vb = (JsonValue)b!;
                if (JsonNumbers.TryToDecimal(va, out var da) && JsonNumbers.TryToDecimal(vb, out var db))
                    return da == db;
                return JsonNumbers.ToDouble(va) == JsonNumbers.ToDouble(vb);
            case JsonValueKind.Array:
                var aa = (JsonArray)a!;
                var ab = (JsonArray)b!;
                if (aa.Count != ab.Count)
                    return false;
                for (var i = 0; i < aa.Count; i++)
                    if (!DeepEquals(aa[i], ab[i]))
                        return false;
                return true;
            case JsonValueKind.Object:
                var oa = (JsonObject)a!;
                var ob = (JsonObject)b!;
                if (oa.Count != ob.Count)
                    return false;
                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other))
                        return false;
                    if (!DeepEquals(value, other))
                        return false;
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>A detached deep copy, so a value from the config can be placed in many payloads.</summary>
    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();
}
