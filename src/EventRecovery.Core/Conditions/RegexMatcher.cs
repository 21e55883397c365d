using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.InPlace;
using EventRecovery.Core.Json;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Conditions;

/// <summary>
/// <c>{"regex": r}</c>: <c>r</c> is found somewhere in the value's compact JSON text. As in the original, a string
/// is tested with its quotes, so anchors such as <c>^abc$</c> do not match the string "abc".
/// </summary>
public sealed class RegexMatcher(JavaRegex regex) : Matcher
{
    /// <inheritdoc />
    public override bool Matches(JsonNode? value) => regex.IsFound(CompactJson.Serialize(value));

    /// <inheritdoc />
    internal override bool? TryMatch(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? CompactText.TryMatch(value, regex) : null;

    /// <inheritdoc />
    public override string ToString() => $"regex /{regex.Pattern}/";
}
