using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.InPlace;
using EventRecovery.Core.Json;

namespace EventRecovery.Core.Conditions;

/// <summary><c>{"value": x}</c>: the value equals <c>x</c>, with JSON types (the string "1" is not the number 1).</summary>
public sealed class ValueMatcher(JsonNode? expected) : Matcher
{
    // The expected string as UTF-8, to compare with the line's bytes; null when the value is not a string.
    private readonly byte[]? _expectedUtf8 = JsonKinds.AsString(expected) is { } text ? Encoding.UTF8.GetBytes(text) : null;

    /// <inheritdoc />
    public override bool Matches(JsonNode? value) => JsonKinds.DeepEquals(expected, value);

    /// <inheritdoc />
    internal override bool? TryMatch(JsonElement value)
    {
        if (_expectedUtf8 is null)
            return null;
        // Any other kind (a missing value included, which is null) is not equal to a string.
        return value.ValueKind == JsonValueKind.String ? CompactText.TryEquals(value, _expectedUtf8) : false;
    }

    /// <inheritdoc />
    public override string ToString() => $"value {CompactJson.Serialize(expected)}";
}
