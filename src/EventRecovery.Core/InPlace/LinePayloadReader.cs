using System.Runtime.InteropServices;
using System.Text.Json;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.InPlace;

/// <summary>
/// Typed reads of a payload object in the line's parsed document, with the strings the steps changed
/// (<see cref="LineEdits"/>): what <see cref="PayloadReader"/> reads from a tree, for recovery in place. Its
/// failures do not reach the output (the tree decides a row that fails here), so they name the field only.
/// </summary>
internal readonly struct LinePayloadReader : IPayloadFields<LinePayloadReader>
{
    private readonly JsonElement _obj;
    private readonly LineEdits _edits;

    /// <summary>A reader of <paramref name="obj"/>, which must be an object.</summary>
    public LinePayloadReader(JsonElement obj, LineEdits edits)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw new RowFailure(FailureMessages.InPlacePayloadNotObject(obj.ValueKind.ToString()));
        edits.CheckKeys(obj);
        _obj = obj;
        _edits = edits;
    }

    public LinePayloadReader Object(string name) =>
        _obj.TryGetProperty(name, out var value) ? new LinePayloadReader(value, _edits) : throw Wrong(name, "missing");

    public string RequiredString(string name) => OptionalString(name) ?? throw Wrong(name, "null or missing");

    public string? OptionalString(string name) => _obj.TryGetProperty(name, out var value) ? StringOf(value, name) : null;

    public PayloadText RequiredText(string name)
    {
        var text = OptionalText(name);
        return text.IsNull ? throw Wrong(name, "null or missing") : text;
    }

    public PayloadText OptionalText(string name) => _obj.TryGetProperty(name, out var value) ? TextOf(value, name) : PayloadText.Of(null);

    public IReadOnlyList<PayloadText> TextList(string name)
    {
        if (!_obj.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Wrong(name, "not an array");
        var list = new PayloadText[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var text = TextOf(item, name);
            list[i++] = text.IsNull ? throw Wrong(name, "holds a null") : text;
        }
        return list;
    }

    /// <summary>
    /// What <see cref="StringOf"/> reads, as the line's UTF-8 when the string holds no escape and no step changed it.
    /// </summary>
    private PayloadText TextOf(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.String && !_edits.IsChanged(value) && _edits.RawString(value) is { } raw)
            return PayloadText.OfUtf8(raw);
        return PayloadText.Of(StringOf(value, name));
    }

    public long Timestamp(string name)
    {
        var text = OptionalString(name);
        if (text is null)
            return 0;
        return PayloadValues.TryTimestamp(text, out var t) ? t : throw PayloadValues.NotATimestamp("payload", name, text);
    }

    public string? Uuid(string name)
    {
        var text = OptionalString(name);
        if (text is null)
            return null;
        return PayloadValues.TryUuid(text, out var uuid) ? uuid : throw PayloadValues.NotAUuid("payload", name, text);
    }

    public void CheckStringList(string name)
    {
        if (!_obj.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Wrong(name, "not an array");
        foreach (var item in array.EnumerateArray())
            if (!IsReadable(item, name))
                throw Wrong(name, "holds a null");
    }

    public void CheckOptionalString(string name)
    {
        if (_obj.TryGetProperty(name, out var value))
            IsReadable(value, name);
    }

    /// <summary>
    /// What <see cref="StringOf"/> checks, without making the string: false for a null; a string whose bytes hold an
    /// escape is read (an escaped lone surrogate throws as on a tree).
    /// </summary>
    private bool IsReadable(JsonElement value, string name)
    {
        if (_edits.IsChanged(value))
            return true;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (JsonMarshal.GetRawUtf8Value(value).IndexOf((byte)'\\') >= 0)
                    value.GetString();
                return true;
            case JsonValueKind.Null:
                return false;
            default:
                throw Wrong(name, $"a {value.ValueKind}");
        }
    }

    public List<NameValue> NameValues(string name)
    {
        var list = new List<NameValue>();
        foreach (var item in Pairs(name))
        {
            var pair = PairOf(item, name);
            _edits.CheckKeys(item); // a tree opens every pair here, reading every key
            list.Add(new NameValue(NameOf(pair), ValueOf(item, pair)));
        }
        return list;
    }

    public PayloadText Querystring(string name)
    {
        using var querystring = new QuerystringWriter();
        foreach (var item in Pairs(name))
        {
            var pair = PairOf(item, name);
            // A pair no step changed is URL-encoded from the line's bytes.
            if (!_edits.HasStrings || !IsChanged(item, pair))
                querystring.Append(pair);
            else if (!_edits.IsChanged(pair.Name) && pair.Value is { } value && _edits.TryGetUtf8(value, out var utf8))
                querystring.Append(pair, utf8); // a layer a step wrote back, as UTF-8
            else
                querystring.Append(NameOf(pair), ValueOf(item, pair));
        }
        if (querystring.HasUnwritableName)
            throw new NotInPlace("a parameter name holds a lone surrogate");
        // The writer's pooled buffer is the querystring: the row's edits give it back once the payload is encoded.
        var (buffer, length) = querystring.Detach();
        _edits.KeepPooled(buffer);
        return PayloadText.OfUtf8(buffer.AsMemory(0, length));
    }

    /// <summary>The elements of the name/value list <paramref name="name"/>; its object form is left to the tree.</summary>
    private JsonElement.ArrayEnumerator Pairs(string name) =>
        _obj.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : throw new NotInPlace($"{name} is not an array of name/value pairs");

    private static NameValueElement PairOf(JsonElement item, string list) =>
        NameValueElement.TryRead(item, out var pair) ? pair : throw new NotInPlace($"an element of {list} is not a plain name/value pair");

    private bool IsChanged(JsonElement item, NameValueElement pair) =>
        _edits.IsChanged(pair.Name) || (ValueSlot(item, pair) is { } slot && _edits.IsChanged(slot));

    private string NameOf(NameValueElement pair) => _edits.TryGetString(pair.Name, out var changed) ? changed : pair.Name.GetString()!;

    /// <summary>The pair's value: a step may have put a string where the value or its null was.</summary>
    private string? ValueOf(JsonElement item, NameValueElement pair)
    {
        if (_edits.HasStrings && ValueSlot(item, pair) is { } slot && _edits.TryGetString(slot, out var changed))
            return changed;
        return pair.Value?.GetString();
    }

    /// <summary>The element of the pair's value, a null one included (a step may have put a string there).</summary>
    private static JsonElement? ValueSlot(JsonElement item, NameValueElement pair) =>
        pair.Value ?? (item.TryGetProperty("value", out var slot) ? slot : null);

    private string? StringOf(JsonElement value, string name)
    {
        if (_edits.TryGetString(value, out var changed))
            return changed;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw Wrong(name, $"a {value.ValueKind}"),
        };
    }

    private static RowFailure Wrong(string name, string what) => new(FailureMessages.InPlacePayloadField(name, what));
}
