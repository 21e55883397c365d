using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Paths;

/// <summary>One step of a <see cref="JsonPath"/>.</summary>
public abstract record PathSegment;

/// <summary><c>.name</c>: a field of an object, or (after <c>parameters</c>/<c>querystring</c>) a parameter by name.</summary>
public sealed record FieldSegment(string Name) : PathSegment
{
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
    /// <summary>Whether <paramref name="element"/> is selected by this filter.</summary>
    public bool Selects(JsonNode? element)
    {
        var current = element;
        foreach (var name in SubPath)
            current = current is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
        return Regex.IsFound(CompactJson.Serialize(current));
    }

    /// <inheritdoc />
    public override string ToString() => $"[?(@.{string.Join('.', SubPath)}=~{Regex.Pattern})]";
}
