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
        if (SelectsUnopened(element) is { } selected) return selected;
        var current = element;
        foreach (var name in SubPath)
            current = current is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
        return Regex.IsFound(CompactJson.Serialize(current));
    }

    /// <summary>
    /// <see cref="Selects"/> on an object nothing has opened yet, read from its parsed bytes so that the elements a
    /// filter passes over stay unopened (and are written back from their bytes). Null when that is not the same:
    /// an object with a duplicate or escaped key (opening it fails or reads other names), a value that is not a
    /// plain string or null.
    /// </summary>
    private bool? SelectsUnopened(JsonNode? element)
    {
        if (element is not JsonObject obj || !UntouchedJson.TryGetElement(obj, out var current)) return null;
        var present = true;
        for (var k = 0; k < SubPath.Count; k++)
        {
            if (!present || current.ValueKind != JsonValueKind.Object) return null; // a tree's walk: leave it to the tree
            if (ObjectKeys.HasDuplicateOrEscaped(current)) return null;
            present = current.TryGetProperty(SubPath[k], out current);
        }
        if (!present) return Regex.IsFound("null");
        return current.ValueKind switch
        {
            JsonValueKind.String => CompactText.TryMatch(current, Regex),
            JsonValueKind.Null => Regex.IsFound("null"),
            _ => null,
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"[?(@.{string.Join('.', SubPath)}=~{Regex.Pattern})]";
}
