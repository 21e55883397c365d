using System.Text.Json.Nodes;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Steps;

namespace EventRecovery.Core.Recovery;

/// <summary>
/// A step that ran on a row and changed nothing: every value its path selected is equal, as JSON, after the step to
/// what it was before (<see cref="Same"/>). A <c>Replace</c> or <c>Remove</c> whose <c>match</c> is not found, a
/// <c>Replace</c> that puts the value already there, a <c>Cast</c> to String of a string, an <c>Add</c> of <c>""</c>,
/// <c>0</c>, <c>{}</c> or <c>[]</c>. A path that selects nothing (a missing field, a filter matching no element) is not
/// this: it fails the row, as always.
/// </summary>
/// <param name="Flow">The flow the step belongs to.</param>
/// <param name="Index">The step's index in <see cref="RecoveryFlow.Steps"/>, from 0 (as in <c>steps[0]</c> of the config).</param>
public readonly record struct UnchangedStep(RecoveryFlow Flow, int Index)
{
    /// <summary>The step.</summary>
    public Step Step => Flow.Steps[Index];

    /// <summary>Why a row fails when strict steps (<see cref="RecoveryOptions.StrictSteps"/>) meet this step, after "flow NAME:
    /// ".</summary>
    public string Reason => FailureMessages.UnchangedStrict(Index, Step.Op, Step.Path.Text);

    /// <inheritdoc />
    public override string ToString() => $"{Flow.Name} steps[{Index}] {Step.Op} at {Step.Path.Text}";

    /// <summary>
    /// Whether a step left a value as it was: equal as JSON (same type; strings by their characters, numbers by
    /// value, objects by their fields in any order, arrays element by element). Both engines decide with this.
    /// </summary>
    internal static bool Same(JsonNode? before, JsonNode? after)
    {
        if (ReferenceEquals(before, after))
            return true;
        try
        {
            return JsonNode.DeepEquals(before, after);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false; // a duplicate key or a lone surrogate: what it was cannot be told, so it counts as changed
        }
    }

    /// <summary>
    /// Notes that step <paramref name="index"/> of <paramref name="flow"/> changed nothing; strict, returns why that
    /// fails the row (null otherwise).
    /// </summary>
    internal static string? Note(ref List<UnchangedStep>? unchanged, RecoveryFlow flow, int index, bool strict)
    {
        var step = new UnchangedStep(flow, index);
        (unchanged ??= new List<UnchangedStep>(1)).Add(step);
        return strict ? step.Reason : null;
    }
}
