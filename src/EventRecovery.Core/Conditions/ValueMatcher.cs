using System.Text.Json.Nodes;
using EventRecovery.Core.Json;

namespace EventRecovery.Core.Conditions;

/// <summary><c>{"value": x}</c>: the value equals <c>x</c>, with JSON types (the string "1" is not the number 1).</summary>
public sealed class ValueMatcher(JsonNode? expected) : Matcher
{
    /// <inheritdoc />
    public override bool Matches(JsonNode? value) => JsonKinds.DeepEquals(expected, value);

    /// <inheritdoc />
    public override string ToString() => $"value {CompactJson.Serialize(expected)}";
}
