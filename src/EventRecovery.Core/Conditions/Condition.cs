using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.InPlace;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Conditions;

/// <summary>
/// A <c>Test</c> condition: the value at <see cref="Path"/> in the whole bad row passes <see cref="Matcher"/>.
/// A path that does not exist makes the condition false. When a filter selects several elements, the last one
/// decides, as in the original.
/// </summary>
public sealed class Condition(JsonPath path, Matcher matcher)
{
    /// <summary>Where the tested value is, relative to the bad row's <c>data</c>.</summary>
    public JsonPath Path { get; } = path;

    /// <summary>The test.</summary>
    public Matcher Matcher { get; } = matcher;

    /// <summary>Whether the condition holds for <paramref name="badRow"/>. A regex timeout still fails the row.</summary>
    /// <param name="badRow">The bad row's data.</param>
    /// <param name="layers">Encoded layers of this row already decoded by other conditions, to reuse.</param>
    public bool HoldsFor(JsonNode? badRow, DecodedLayers? layers = null)
    {
        var result = false;
        try
        {
            PathWalker.Visit(badRow, Path, value => result = Matcher.Matches(value), layers);
            return result;
        }
        catch (RowFailure e) when (e is not RegexTimeout)
        {
            return false;
        }
    }

    /// <summary><see cref="HoldsFor(JsonNode?, DecodedLayers?)"/> on the line's parsed document (recovery in place).</summary>
    internal bool HoldsFor(JsonElement badRow, LineEdits edits)
    {
        try
        {
            return LineWalker.Matches(badRow, Path, Matcher, edits);
        }
        catch (RowFailure e) when (e is not RegexTimeout)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Test {Path} {Matcher}";
}
