using System.Runtime.InteropServices;
using System.Text;
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
                size =
                    d >= int.MaxValue ? int.MaxValue
                    : d <= int.MinValue ? int.MinValue
                    : (long)d;
                break;
            default:
                return false;
        }
        return Compare(size);
    }

    /// <inheritdoc />
    internal override bool? TryMatch(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                return Compare(value.GetArrayLength()); // what a tree counts, without a node per element
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(value)[1..^1];
                // Without an escape the bytes are the value (valid UTF-8): its UTF-16 length is their char count.
                return raw.IndexOf((byte)'\\') < 0 ? Compare(Encoding.UTF8.GetCharCount(raw)) : null;
            case JsonValueKind.Number:
                return null;
            default:
                return false; // objects, booleans, null and a missing value have no size
        }
    }

    private bool Compare(long size) =>
        comparison switch
        {
            SizeComparison.Equal => size == bound,
            SizeComparison.GreaterThan => size > bound,
            _ => size < bound,
        };

    /// <inheritdoc />
    public override string ToString() => $"size {comparison} {bound}";
}
