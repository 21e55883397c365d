using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.InPlace;
using EventRecovery.Core.Json;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Paths;

/// <summary>One step of a <see cref="JsonPath"/>.</summary>
public abstract record PathSegment;

/// <summary><c>.name</c>: a field of an object, or (after <c>parameters</c>/<c>querystring</c>) a parameter by name.</summary>
public sealed record FieldSegment(string Name) : PathSegment
{
    /// <summary>
    /// The name as UTF-8: a parsed document is searched by it on every row, without transcoding it each time. Null
    /// for a name with a lone surrogate (no UTF-8; a configuration built in code can hold one), which no key matches.
    /// </summary>
    internal byte[]? Utf8Name { get; } = Utf8Of(Name);

    /// <summary>The UTF-8 of <paramref name="name"/>, or null when it has a lone surrogate.</summary>
    internal static byte[]? Utf8Of(string name)
    {
        try
        {
            return StrictUtf8.GetBytes(name);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>What the name says by itself to <see cref="PathContext"/> (a parameter list, an encoded layer).</summary>
    internal PathContext.NameKinds Kinds { get; } = PathContext.KindsOf(Name);

    /// <summary>Segments are equal by name (<see cref="Utf8Name"/> follows from it).</summary>
    public bool Equals(FieldSegment? other) => other is not null && Name == other.Name;

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => "." + Name;
}

/// <summary><c>[n]</c>: the n-th element of an array.</summary>
public sealed record IndexSegment(int Index) : PathSegment
{
    /// <inheritdoc />
    public override string ToString() => $"[{Index}]";
}

/// <summary>
/// <c>[?(@.a.b=~regex)]</c>: every element of an array whose value at <c>a.b</c>, printed as compact JSON,
/// contains a match of the regex (a search, not a full match, as in the original).
/// </summary>
public sealed record FilterSegment(IReadOnlyList<string> SubPath, JavaRegex Regex) : PathSegment
{
    /// <summary><see cref="SubPath"/> as UTF-8, to search parsed documents by.</summary>
    internal byte[]?[] Utf8SubPath { get; } = SubPath.Select(FieldSegment.Utf8Of).ToArray();

    /// <summary>Whether <paramref name="element"/> is selected by this filter.</summary>
    public bool Selects(JsonNode? element)
    {
        // An object nothing has opened yet is read from its parsed bytes, so that the elements a filter passes over stay
        // unopened (and are written back from their bytes).
        if (
            element is JsonObject obj
            && UntouchedJson.TryGetElement(obj, out var unopened)
            && Selects(unopened, line: null, FilterKeys.NoDuplicateOrEscaped, printsEscaped: false) is { } selected
        )
            return selected;
        var current = element;
        foreach (var name in SubPath)
            current = current is JsonObject o && o.TryGetPropertyValue(name, out var child) ? child : null;
        return Regex.IsFound(CompactJson.Serialize(current));
    }

    /// <summary>
    /// <see cref="Selects(JsonNode?)"/> on a parsed value, for both engines: the field at <see cref="SubPath"/> (a missing
    /// one, or one under something that is not an object, is <c>null</c>), printed as compact JSON, searched by the
    /// regex. Null when a tree must decide: an object whose keys a tree would read otherwise (<paramref name="keys"/>),
    /// a field name with a lone surrogate, a value other than a string or null, a string with an escape unless
    /// <paramref name="printsEscaped"/>. <paramref name="line"/>: the line's edits when the value is in the line (a string
    /// a step changed is read as changed; keys are checked once per object).
    /// </summary>
    internal bool? Selects(JsonElement element, LineEdits? line, FilterKeys keys, bool printsEscaped)
    {
        var current = element;
        var present = true;
        var subPath = Utf8SubPath;
        for (var k = 0; k < subPath.Length; k++)
        {
            if (subPath[k] is not { } name)
                return null;
            if (present && current.ValueKind == JsonValueKind.Object)
            {
                if (!(line?.KeysReadable(current) ?? KeysReadable(current, keys)))
                    return null;
                present = current.TryGetProperty(name, out current);
            }
            else
                present = false;
        }
        if (!present)
            return Regex.IsFound("null");
        if (line is not null && line.TryGetString(current, out var changed))
            return Regex.IsFound(CompactJson.Quote(changed));
        return current.ValueKind switch
        {
            JsonValueKind.String => CompactText.TryMatch(current, Regex)
                ?? (printsEscaped ? Regex.IsFound(CompactJson.Quote(current.GetString()!)) : null),
            JsonValueKind.Null => Regex.IsFound("null"),
            _ => null,
        };
    }

    private static bool KeysReadable(JsonElement obj, FilterKeys keys) =>
        keys switch
        {
            FilterKeys.NoDuplicateOrEscaped => !ObjectKeys.HasDuplicateOrEscaped(obj),
            FilterKeys.NoEscaped => !ObjectKeys.HasEscaped(obj),
            _ => true,
        };

    /// <inheritdoc />
    public override string ToString() => $"[?(@.{string.Join('.', SubPath)}=~{Regex.Pattern})]";
}

/// <summary>
/// Which objects a filter may read from their parsed bytes as a tree would read them
/// (<see cref="FilterSegment.Selects(JsonElement, LineEdits?, FilterKeys, bool)"/>).
/// </summary>
internal enum FilterKeys
{
    /// <summary>Any: a document whose parser refused duplicate keys, read only.</summary>
    Any,

    /// <summary>Objects without an escaped key (inside a layer a step changes).</summary>
    NoEscaped,

    /// <summary>Objects without a duplicate or escaped key (the line's own, read by a tree or in place).</summary>
    NoDuplicateOrEscaped,
}
