using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Steps;

/// <summary>
/// <c>Add</c>: combines the value with what is at the path. Object: the value's fields are set (added or
/// overwritten). Array: the value's elements are appended. String: a string value is appended. Number: a number
/// value is added (a sum beyond the range of a double fails). Boolean: logical and. Null: becomes the value.
/// </summary>
public sealed class AddStep(JsonPath path, JsonNode? value) : Step(path)
{
    /// <inheritdoc />
    public override string Op => "Add";

    /// <inheritdoc />
    protected override JsonNode? Change(JsonNode? current, out string? failure)
    {
        failure = null;
        switch (JsonKinds.KindOf(current))
        {
            case JsonValueKind.Null:
                return value?.DeepClone();
            case JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(JsonKinds.KindOf(current) == JsonValueKind.True && JsonKinds.KindOf(value) == JsonValueKind.True);
            case JsonValueKind.Number:
                var sum = JsonNumbers.ToDouble((JsonValue)current!);
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
                    sum += JsonNumbers.ToDouble(v);
                // JSON has no infinity: the original wrote null here; failing says what went wrong.
                if (double.IsFinite(sum))
                    return JsonNumbers.Create(sum);
                failure = FailureMessages.AddOutOfRange(Path, CompactJson.Serialize(current), CompactJson.Serialize(value));
                return null;
            case JsonValueKind.String:
                if (JsonKinds.AsString(value) is { } suffix)
                    return JsonValue.Create(JsonKinds.AsString(current) + suffix);
                failure = FailureMessages.AddToString(Path, JsonKinds.Describe(value), CompactJson.Serialize(value));
                return null;
            case JsonValueKind.Array:
                var array = (JsonArray)current!;
                if (value is JsonArray extra)
                    foreach (var item in extra)
                        array.Add(item?.DeepClone());
                return array;
            default:
                var obj = (JsonObject)current!;
                if (value is JsonObject fields)
                    foreach (var (key, item) in fields)
                        obj[key] = item?.DeepClone();
                return obj;
        }
    }
}
