using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Json;

namespace EventRecovery.Core.Conditions;

/// <summary>How a <see cref="SizeMatcher"/> compares.</summary>
public enum SizeComparison
{
    /// <summary><c>eq</c>: equal.</summary>
    Equal,
    /// <summary><c>gt</c>: greater than.</summary>
    GreaterThan,
    /// <summary><c>lt</c>: less than.</summary>
    LessThan,
}

/// <summary>
/// <c>{"size": {"eq"|"gt"|"lt": n}}</c>: the length of a string (UTF-16 code units, as the JVM counts), the number of
/// elements of an array, or a number rounded up. Other types never match.
/// </summary>
public sealed class SizeMatcher(SizeComparison comparison, long bound) : Matcher
{
    /// <inheritdoc />
    public override bool Matches(JsonNode? value)
    {
        long size;
        switch (JsonKinds.KindOf(value))
        {
            case JsonValueKind.String:
                size = JsonKinds.AsString(value)!.Length;
                break;
            case JsonValueKind.Array:
                size = ((JsonArray)value!).Count;
                break;
            case JsonValueKind.Number:
                var d = Math.Ceiling(JsonNumbers.ToDouble((JsonValue)value!));
                size = d >= int.MaxValue ? int.MaxValue : d <= int.MinValue ? int.MinValue : (long)d;
                break;
            default:
                return false;
        }
        return comparison switch
        {
            SizeComparison.Equal => size == bound,
            SizeComparison.GreaterThan => size > bound,
            _ => size < bound,
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"size {comparison} {bound}";
}
