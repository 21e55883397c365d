using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Payloads;

/// <summary>
/// Typed reads of a payload object after the steps ran. A field of the wrong type fails the row with its
/// location, as the original's decoding of the payload does.
/// </summary>
internal readonly struct PayloadReader : IPayloadFields<PayloadReader>
{
    private readonly JsonObject _obj;

    // Where the object is, for messages; an element of a list is named from its list and index only when a
    // message needs it (a row has dozens of parameters, and they are almost always fine).
    private readonly string _where;
    private readonly string? _list;
    private readonly int _index;

    private PayloadReader(JsonObject obj, string where, string? list = null, int index = 0)
    {
        _obj = obj;
        _where = where;
        _list = list;
        _index = index;
    }

    private string Where => _list is null ? _where : $"{_where}.{_list}[{_index}]";

    public static PayloadReader Of(JsonNode? node, string where) =>
        node is JsonObject obj
            ? new PayloadReader(obj, where)
            : throw new RowFailure(FailureMessages.PayloadNotObject(where, JsonKinds.Describe(node)));

    /// <summary>The reader of element <paramref name="index"/> of the list <paramref name="list"/> of this object.</summary>
    private PayloadReader Element(JsonNode? node, string list, int index) =>
        node is JsonObject o ? new PayloadReader(o, Where, list, index) : Of(node, $"{Where}.{list}[{index}]");

    /// <summary>The reader of the nested object <paramref name="name"/>.</summary>
    public PayloadReader Object(string name) => Of(_obj[name], $"{Where}.{name}");

    public string RequiredString(string name) =>
        OptionalString(name)
        ?? throw new RowFailure(FailureMessages.PayloadField($"{Where}.{name}", _obj.ContainsKey(name) ? "null" : "missing", "a string"));

    public string? OptionalString(string name)
    {
        var node = _obj[name];
        if (node is null)
            return null;
        return JsonKinds.AsString(node) ?? throw WrongType(name, node, "a string");
    }

    /// <summary>Like <see cref="OptionalString"/>, but the node itself (null or a JSON string), not its text.</summary>
    private JsonNode? OptionalStringNode(string name)
    {
        var node = _obj[name];
        if (node is null || JsonKinds.KindOf(node) == JsonValueKind.String)
            return node;
        throw WrongType(name, node, "a string");
    }

    /// <summary>An ISO-8601 date-time as epoch milliseconds; 0 when absent, as the original.</summary>
    public long Timestamp(string name)
    {
        var text = OptionalString(name);
        if (text is null)
            return 0;
        return PayloadValues.TryTimestamp(text, out var t) ? t : throw PayloadValues.NotATimestamp(Where, name, text);
    }

    /// <summary>A UUID in canonical lower-case form, or <c>null</c>.</summary>
    public string? Uuid(string name)
    {
        var text = OptionalString(name);
        if (text is null)
            return null;
        return PayloadValues.TryUuid(text, out var uuid) ? uuid : throw PayloadValues.NotAUuid(Where, name, text);
    }

    public PayloadText RequiredText(string name) => PayloadText.Of(RequiredString(name));

    public PayloadText OptionalText(string name) => PayloadText.Of(OptionalString(name));

    public IReadOnlyList<PayloadText> TextList(string name) => StringList(name).Select(PayloadText.Of).ToList();

    public void CheckStringList(string name) => StringList(name);

    public void CheckOptionalString(string name) => OptionalString(name);

    public List<string> StringList(string name)
    {
        var node = _obj[name];
        if (node is not JsonArray array)
            throw new RowFailure(
                FailureMessages.PayloadField(
                    $"{Where}.{name}",
                    _obj.ContainsKey(name) ? JsonKinds.Describe(node) : "missing",
                    "an array of strings"
                )
            );
        var list = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
            list.Add(JsonKinds.AsString(array[i]) ?? throw WrongType($"{name}[{i}]", array[i], "a string"));
        return list;
    }

    /// <summary>A name/value list: an array of <c>{"name", "value"}</c> or an object of name → value.</summary>
    public List<NameValue> NameValues(string name)
    {
        var node = _obj[name];
        var list = new List<NameValue>();
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var item = Element(array[i], name, i);
                    list.Add(new NameValue(item.RequiredString("name"), item.OptionalString("value")));
                }
                return list;
            case JsonObject map:
                foreach (var (key, value) in map)
                    list.Add(new NameValue(key, MapValue(name, key, value)));
                return list;
            default:
                throw NotANameValueList(name, node);
        }
    }

    /// <summary>
    /// The name/value list <paramref name="name"/> (as <see cref="NameValues"/> reads it) written as a querystring,
    /// as <see cref="Payloads.Querystring.Build"/> would write it, without a string per value on the way.
    /// </summary>
    public PayloadText Querystring(string name)
    {
        var node = _obj[name];
        using var querystring = new QuerystringWriter();
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (NameValueElement.TryRead(array[i], out var pair))
                    {
                        querystring.Append(pair);
                        continue;
                    }
                    var item = Element(array[i], name, i);
                    querystring.Append(item.RequiredString("name"), item.OptionalStringNode("value"));
                }
                break;
            case JsonObject map:
                foreach (var (key, value) in map)
                    querystring.Append(key, MapValue(name, key, value));
                break;
            default:
                throw NotANameValueList(name, node);
        }
        return querystring.HasUnwritableName
            ? PayloadText.Of(Payloads.Querystring.Build(NameValues(name)))
            : PayloadText.OfUtf8(querystring.ToArray());
    }

    /// <summary>A value of the object form of a name/value list: the original accepts booleans and numbers and uses their text.</summary>
    private string? MapValue(string name, string key, JsonNode? value)
    {
        var kind = JsonKinds.KindOf(value);
        if (kind is JsonValueKind.Object or JsonValueKind.Array)
            throw WrongType($"{name}.{key}", value, "a string");
        return kind == JsonValueKind.Null ? null : JsonKinds.AsString(value) ?? CompactJson.Serialize(value);
    }

    private RowFailure NotANameValueList(string name, JsonNode? node) =>
        new(
            FailureMessages.PayloadField(
                $"{Where}.{name}",
                _obj.ContainsKey(name) ? JsonKinds.Describe(node) : "missing",
                "a list of name/value pairs"
            )
        );

    private RowFailure WrongType(string name, JsonNode? node, string expected) =>
        new(
            FailureMessages.PayloadField(
                $"{Where}.{name}",
                $"{JsonKinds.Describe(node)} {Codecs.Base64Text.Abbreviate(CompactJson.Serialize(node))}",
                expected
            )
        );
}
