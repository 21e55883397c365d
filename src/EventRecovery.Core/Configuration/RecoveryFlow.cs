using System.Text.Json.Nodes;
using EventRecovery.Core.Conditions;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Steps;

namespace EventRecovery.Core.Configuration;

/// <summary>
/// A named recovery scenario for the bad rows whose schema matches <see cref="Key"/>: when every condition holds,
/// its steps repair the payload.
/// </summary>
public sealed class RecoveryFlow(SchemaKey key, string name, IReadOnlyList<Condition> conditions, IReadOnlyList<Step> steps)
{
    /// <summary>The schema key pattern under which the flow is configured.</summary>
    public SchemaKey Key { get; } = key;

    /// <summary>The flow's name, reported with every row it touches.</summary>
    public string Name { get; } = name;

    /// <summary>All must hold for the flow to apply.</summary>
    public IReadOnlyList<Condition> Conditions { get; } = conditions;

    /// <summary>Applied in order to the payload.</summary>
    public IReadOnlyList<Step> Steps { get; } = steps;

    /// <summary>Whether the flow applies to a bad row with schema <paramref name="schema"/> and data <paramref name="badRow"/>.</summary>
    /// <param name="schema">The row's schema.</param>
    /// <param name="badRow">The row's data.</param>
    /// <param name="layers">Encoded layers of this row already decoded, shared by the conditions of all flows.</param>
    public bool AppliesTo(SchemaKey schema, JsonNode? badRow, DecodedLayers? layers = null)
    {
        if (!Key.Matches(schema))
            return false;
        var conditions = new TreeConditions(badRow, layers);
        foreach (var condition in Conditions)
            if (!conditions.Holds(condition, out _, out _))
                return false;
        return true;
    }
}
