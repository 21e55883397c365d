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
        if (item is not JsonObject obj || !UntouchedJson.TryGetElement(obj, out var element)) return false;
        return TryRead(element, out pair);
    }

    /// <summary>The pair in <paramref name="element"/>, when it has the plain shape.</summary>
    public static bool TryRead(JsonElement element, out NameValueElement pair)
    {
        pair = default;
        if (element.ValueKind != JsonValueKind.Object) return false;
        JsonElement? name = null, value = null;
        var count = 0;
        foreach (var property in element.EnumerateObject())
        {
            if (++count > 8) return false; // not a plain pair
            if (property.NameEquals("name"u8))
            {
                if (name is not null) return false;
                name = property.Value;
            }
            else if (property.NameEquals("value"u8))
            {
                if (value is not null) return false;
                value = property.Value;
            }
        }
        // A duplicate among the other keys would make the node refuse the object: leave those to it.
        if (count > 2 && HasDuplicateKeys(element)) return false;
        if (name is not { ValueKind: JsonValueKind.String } n) return false;
        // An escape in the name (perhaps of a lone surrogate, which fails the row when read as text): the node decides.
        if (JsonMarshal.GetRawUtf8Value(n).IndexOf((byte)'\\') >= 0) return false;
        if (value is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) }) return false;
        pair = new NameValueElement(n, value is { ValueKind: JsonValueKind.String } ? value : null);
        return true;
    }

    private static bool HasDuplicateKeys(JsonElement element)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
            if (!seen.Add(property.Name)) return true;
        return false;
    }
}
