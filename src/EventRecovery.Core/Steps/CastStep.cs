using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Steps;

/// <summary>
/// <c>Cast</c>: converts the value's type. Anything → Array wraps it (an array stays an error, as in the original);
/// anything → String gives its compact JSON text (a string stays as it is); Numeric → Boolean is <c>false</c> for 0
/// and <c>true</c> otherwise; Boolean → Numeric is 1 or 0; String → Numeric parses the number, keeping its exact value
/// (<see cref="JsonNumbers.ParseExact"/>). Other pairs fail.
/// </summary>
public sealed class CastStep(JsonPath path, CastType from, CastType to) : Step(path)
{
    /// <summary>The declared source type.</summary>
    public CastType From { get; } = from;

    /// <summary>The target type.</summary>
    public CastType To { get; } = to;

    /// <inheritdoc />
    public override string Op => "Cast";

    /// <inheritdoc />
    protected override JsonNode? Change(JsonNode? current, out string? failure)
    {
        failure = null;
        var kind = JsonKinds.KindOf(current);
        if (To == CastType.Array && kind != JsonValueKind.Array)
            return new JsonArray(current?.DeepClone());
        if (To == CastType.String)
            return kind == JsonValueKind.String ? current : JsonValue.Create(CompactJson.Serialize(current));
        if (From == CastType.Numeric && To == CastType.Boolean && kind == JsonValueKind.Number)
            return JsonValue.Create(JsonNumbers.ToDouble((JsonValue)current!) != 0d);
        if (From == CastType.Boolean && To == CastType.Numeric && kind is JsonValueKind.True or JsonValueKind.False)
            return JsonValue.Create(kind == JsonValueKind.True ? 1 : 0);
        if (From == CastType.String && To == CastType.Numeric && kind == JsonValueKind.String)
        {
            if (JsonNumbers.ParseExact(JsonKinds.AsString(current)!) is { } number)
                return number;
        }
        failure = FailureMessages.CastFailed(Path, CompactJson.Serialize(current), From, To);
        return null;
    }
}
