using System.Text.Json.Nodes;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Steps;

/// <summary>
/// <c>Remove</c>: the original's removal is a replacement by the empty string — of the whole value, or of what
/// <c>match</c> matches. A removed parameter therefore stays in the querystring with an empty value.
/// </summary>
public sealed class RemoveStep(JsonPath path, JavaRegex? match) : ReplaceStep(path, match, JsonValue.Create(""))
{
    /// <inheritdoc />
    public override string Op => "Remove";
}
