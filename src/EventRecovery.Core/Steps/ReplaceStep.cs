using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Steps;

/// <summary>
/// <c>Replace</c>: sets the value at the path, or with <c>match</c> replaces what the regex matches inside it.
/// The rules per type follow the original: a string takes a string value (regex with <c>$1</c> groups) or the
/// compact JSON text of any other value; a boolean or number takes only a value of its own type; an array is
/// replaced, or with <c>match</c> loses its matching elements and gains the value's; an object is rewritten
/// through its compact JSON text, which must still be an object.
/// </summary>
public class ReplaceStep : Step
{
    private readonly JavaRegex? _match;
    private readonly JsonNode? _value;
    private readonly string _valueText;

    /// <summary>Creates the step; <paramref name="value"/> is copied for each use.</summary>
    public ReplaceStep(JsonPath path, JavaRegex? match, JsonNode? value)
        : base(path)
    {
        _match = match;
        _value = value;
        _valueText = CompactJson.Serialize(value);
    }

    /// <inheritdoc />
    public override string Op => "Replace";

    /// <inheritdoc />
    protected override JsonNode? Change(JsonNode? current, out string? failure)
    {
        failure = null;
        switch (JsonKinds.KindOf(current))
        {
            case JsonValueKind.Null:
                return JsonValue.Create(ReplaceInString(""));
            case JsonValueKind.String:
                return JsonValue.Create(ReplaceInString(JsonKinds.AsString(current)!));
            case JsonValueKind.True or JsonValueKind.False:
                if (JsonKinds.KindOf(_value) is JsonValueKind.True or JsonValueKind.False)
                    return _value!.DeepClone();
                return Mismatch(current, out failure);
            case JsonValueKind.Number:
                if (JsonKinds.KindOf(_value) == JsonValueKind.Number)
                    return _value!.DeepClone();
                return Mismatch(current, out failure);
            case JsonValueKind.Array:
                return ReplaceInArray((JsonArray)current!, out failure);
            default:
                var replaced = ParseBack(ReplaceInString(CompactJson.Serialize(current)), current, out failure);
                return failure is not null ? null : replaced as JsonObject ?? Mismatch(current, out failure);
        }
    }

    private string ReplaceInString(string text)
    {
        var replacement = JsonKinds.AsString(_value);
        if (replacement is null)
            return _valueText; // a non-string value is stored as its JSON text
        return _match is null ? replacement : _match.ReplaceAll(text, replacement);
    }

    private JsonNode? ReplaceInArray(JsonArray current, out string? failure)
    {
        failure = null;
        if (_match is not null && _value is JsonArray additions)
        {
            var kept = new JsonArray();
            foreach (var item in current)
                if (!_match.IsFound(CompactJson.Serialize(item)))
                    kept.Add(item?.DeepClone());
            foreach (var item in additions)
                kept.Add(item?.DeepClone());
            return kept;
        }
        if (_match is not null)
        {
            var replaced = ParseBack(ReplaceInString(CompactJson.Serialize(current)), current, out failure);
            return failure is not null ? null : replaced as JsonArray ?? Mismatch(current, out failure);
        }
        if (_value is JsonArray)
            return _value.DeepClone();
        return new JsonArray(_value?.DeepClone());
    }

    private JsonNode? ParseBack(string text, JsonNode? current, out string? failure)
    {
        failure = null;
        try
        {
            return JsonNode.Parse(text, documentOptions: CodecLayer.ParseOptions);
        }
        catch (JsonException)
        {
            failure = FailureMessages.ReplaceNotJson(Tried(current), text);
            return null;
        }
    }

    private JsonNode? Mismatch(JsonNode? current, out string failure)
    {
        failure = FailureMessages.ReplaceMismatch(Tried(current), JsonKinds.Describe(_value), _valueText, JsonKinds.Describe(current));
        return null;
    }

    private string Tried(JsonNode? current) => FailureMessages.ReplaceFailed(Op, Path, _match?.Pattern, CompactJson.Serialize(current));
}
