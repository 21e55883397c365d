using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Payloads;

/// <summary>
/// Typed reads of a payload object after the steps ran. A field of the wrong type fails the row with its
/// location, as the original's decoding of the payload does.
/// </summary>
internal readonly struct PayloadReader(JsonObject obj, string where)
{
    public static PayloadReader Of(JsonNode? node, string where) =>
        node is JsonObject obj ? new PayloadReader(obj, where) : throw new RowFailure($"{where} is {JsonKinds.Describe(node)}, expected an object");

    /// <summary>The reader of the nested object <paramref name="name"/>.</summary>
    public PayloadReader Object(string name) => Of(obj[name], $"{where}.{name}");

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new RowFailure($"{where}.{name} is {(obj.ContainsKey(name) ? "null" : "missing")}, expected a string");

    public string? OptionalString(string name)
    {
        var node = obj[name];
        if (node is null) return null;
        return JsonKinds.AsString(node) ?? throw WrongType(name, node, "a string");
    }

    /// <summary>An ISO-8601 date-time as epoch milliseconds; 0 when absent, as the original.</summary>
    public long Timestamp(string name)
    {
        var text = OptionalString(name);
        if (text is null) return 0;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            return t.ToUnixTimeMilliseconds();
        throw new RowFailure($"{where}.{name} \"{text}\" is not an ISO-8601 date-time");
    }

    /// <summary>A UUID in canonical lower-case form, or <c>null</c>.</summary>
    public string? Uuid(string name)
    {
        var text = OptionalString(name);
        if (text is null) return null;
        if (Guid.TryParseExact(text, "D", out var g)) return g.ToString("D");
        throw new RowFailure($"{where}.{name} \"{text}\" is not a UUID");
    }

    public List<string> StringList(string name)
    {
        var node = obj[name];
        if (node is not JsonArray array)
            throw new RowFailure($"{where}.{name} is {(obj.ContainsKey(name) ? JsonKinds.Describe(node) : "missing")}, expected an array of strings");
        var list = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
            list.Add(JsonKinds.AsString(array[i]) ?? throw WrongType($"{name}[{i}]", array[i], "a string"));
        return list;
    }

    /// <summary>A name/value list: an array of <c>{"name", "value"}</c> or an object of name → value.</summary>
    public List<NameValue> NameValues(string name)
    {
        var node = obj[name];
        var list = new List<NameValue>();
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var item = Of(array[i], $"{where}.{name}[{i}]");
                    list.Add(new NameValue(item.RequiredString("name"), item.OptionalString("value")));
                }
                return list;
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    // The original accepts booleans and numbers here and uses their text.
                    var kind = JsonKinds.KindOf(value);
                    if (kind is JsonValueKind.Object or JsonValueKind.Array) throw WrongType($"{name}.{key}", value, "a string");
                    list.Add(new NameValue(key, kind == JsonValueKind.Null ? null : JsonKinds.AsString(value) ?? CompactJson.Serialize(value)));
                }
                return list;
            default:
                throw new RowFailure($"{where}.{name} is {(obj.ContainsKey(name) ? JsonKinds.Describe(node) : "missing")}, expected a list of name/value pairs");
        }
    }

    private RowFailure WrongType(string name, JsonNode? node, string expected) =>
        new($"{where}.{name} is {JsonKinds.Describe(node)} {Codecs.Base64Text.Abbreviate(CompactJson.Serialize(node))}, expected {expected}");
}
