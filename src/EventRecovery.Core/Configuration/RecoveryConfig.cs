using System.Text.Json.Nodes;
using EventRecovery.Core.Conditions;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Configuration;

/// <summary>A loaded, validated recovery configuration: flows in the order they are written.</summary>
public sealed class RecoveryConfig(IReadOnlyList<RecoveryFlow> flows)
{
    /// <summary>The iglu schema of the configuration format this version reads.</summary>
    public const string SchemaPrefix = "iglu:com.snowplowanalytics.snowplow/recoveries/jsonschema/";

    /// <summary>Every flow, in config order.</summary>
    public IReadOnlyList<RecoveryFlow> Flows { get; } = flows;

    /// <summary>
    /// Every flow that applies to the row, in config order. The original runs the steps of all of them, one
    /// after the other, not only the first (see docs/compatibility.md). <paramref name="layers"/>: the row's decoded
    /// layers, to share them with the steps that run next; null to keep them to this call.
    /// </summary>
    public List<RecoveryFlow> SelectFlows(SchemaKey schema, JsonNode? badRow, DecodedLayers? layers = null) =>
        FlowSelection.Select<TreeConditions, JsonNode?>(this, schema, new TreeConditions(badRow, layers ?? new DecodedLayers())).Selected;

    /// <summary>
    /// One line: flows per bad row type, e.g. "3 flows — adapter_failures: 2 (a, b); schema_violations: 1 (c)", as
    /// <c>validate</c> and the studio say it.
    /// </summary>
    public string Describe()
    {
        var groups = Flows.GroupBy(f => f.Key.Name).Select(g => $"{g.Key}: {g.Count()} ({string.Join(", ", g.Select(f => f.Name))})");
        return $"{Flows.Count} flow{(Flows.Count == 1 ? "" : "s")} — {string.Join("; ", groups)}";
    }

    /// <summary>Whether any flow is configured for this schema, whatever its conditions.</summary>
    public bool HasFlowsFor(SchemaKey schema) => Flows.Any(f => f.Key.Matches(schema));
}
