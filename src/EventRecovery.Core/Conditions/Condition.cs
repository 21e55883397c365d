using System.Text.Json.Nodes;
using EventRecovery.Core.Paths;

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
    public bool HoldsFor(JsonNode? badRow, DecodedLayers? layers = null) => new TreeConditions(badRow, layers).Holds(this, out _, out _);

    /// <inheritdoc />
    public override string ToString() => $"Test {Path} {Matcher}";
}
