using System.Text.Json;
using EventRecovery.Core.Conditions;
using EventRecovery.Core.Json;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.InPlace;

/// <summary>
/// Conditions read on the line's parsed document (recovery in place), by <see cref="LineWalker"/>, with the rules of
/// <see cref="TreeConditions"/>.
/// </summary>
internal readonly struct LineConditions(JsonElement badRow, LineEdits edits) : IConditionReader<JsonElement>
{
    /// <inheritdoc />
    public bool Holds(Condition condition, out bool tested, out JsonElement last) =>
        LineWalker.Matches(badRow, condition.Path, condition.Matcher, edits, out tested, out last);

    /// <inheritdoc />
    public string Show(JsonElement value) => CompactJson.Serialize(LineWalker.NodeOf(value));
}
