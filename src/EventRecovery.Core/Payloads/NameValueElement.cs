using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Json;

namespace EventRecovery.Core.Payloads;

/// <summary>
/// A name/value pair (<c>{"name": …, "value": …}</c>) read from the line's JSON while its node is still unopened
/// (<see cref="UntouchedJson"/>). Only the plain shape is read this way; anything else (a duplicate key, a name
/// that is not a string or holds an escape, a value that is neither string nor null) is left to the node, whose
/// reading gives the usual result or fails the row with the usual message.
/// </summary>
internal readonly record struct NameValueElement(JsonElement Name, JsonElement? Value)
{
    public static bool TryRead(JsonNode? item, out NameValueElement pair)
    {
        pair = default;
        if (item is not JsonObject obj || !UntouchedJson.TryGetElement(obj, out var element))
            return false;
        return TryRead(element, out pair);
    }

    /// <summary>The pair in <paramref name="element"/>, when it has the plain shape.</summary>
    public static bool TryRead(JsonElement element, out NameValueElement pair)
    {
        pair = default;
        if (element.ValueKind != JsonValueKind.Object)
            return false;
        if (element.GetPropertyCount() == 2)
            return TryReadTwo(element, out pair);
        return TryReadAny(element, out pair);
    }

    /// <summary>
    /// The usual pair: two keys, compared as raw bytes (an escaped key never equals "name" or "value" byte for byte,
    /// so it goes the general way, which reads keys as text).
    /// </summary>
    private static bool TryReadTwo(JsonElement element, out NameValueElement pair)
    {
        var properties = element.EnumerateObject();
        properties.MoveNext();
        var first = properties.Current;
        properties.MoveNext();
        var second = properties.Current;
        var firstKey = JsonMarshal.GetRawUtf8PropertyName(first);
        var secondKey = JsonMarshal.GetRawUtf8PropertyName(second);
        JsonElement name,
            value;
        if (firstKey.SequenceEqual("name"u8) && secondKey.SequenceEqual("value"u8))
            (name, value) = (first.Value, second.Value);
        else if (firstKey.SequenceEqual("value"u8) && secondKey.SequenceEqual("name"u8))
            (name, value) = (second.Value, first.Value);
        else
            return TryReadAny(element, out pair);
        pair = default;
        if (name.ValueKind != JsonValueKind.String || JsonMarshal.GetRawUtf8Value(name).IndexOf((byte)'\\') >= 0)
            return false;
        var kind = value.ValueKind;
        if (kind is not (JsonValueKind.String or JsonValueKind.Null))
            return false;
        pair = new NameValueElement(name, kind == JsonValueKind.String ? value : null);
        return true;
    }

    private static bool TryReadAny(JsonElement element, out NameValueElement pair)
    {
        pair = default;
        JsonElement? name = null,
            value = null;
        var count = 0;
        foreach (var property in element.EnumerateObject())
        {
            if (++count > 8)
                return false; // not a plain pair
            if (property.NameEquals("name"u8))
            {
                if (name is not null)
                    return false;
                name = property.Value;
            }
            else if (property.NameEquals("value"u8))
            {
                if (value is not null)
                    return false;
                value = property.Value;
            }
        }
        // A duplicate among the other keys would make the node refuse the object: leave those to it.
        if (count > 2 && HasDuplicateKeys(element))
            return false;
        if (name is not { ValueKind: JsonValueKind.String } n)
            return false;
        // An escape in the name (perhaps of a lone surrogate, which fails the row when read as text): the node decides.
        if (JsonMarshal.GetRawUtf8Value(n).IndexOf((byte)'\\') >= 0)
            return false;
        if (value is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) })
            return false;
        pair = new NameValueElement(n, value is { ValueKind: JsonValueKind.String } ? value : null);
        return true;
    }

    private static bool HasDuplicateKeys(JsonElement element)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
            if (!seen.Add(property.Name))
                return true;
        return false;
    }
}
