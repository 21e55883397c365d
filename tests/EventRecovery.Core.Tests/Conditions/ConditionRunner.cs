using System.Text.Json.Nodes;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Conditions;

/// <summary>Evaluates a condition written as in a config on a JSON document.</summary>
internal static class ConditionRunner
{
    public static bool Holds(string path, string matcher, string document)
    {
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("adapter_failures"),
                Configs.Flow("c", "[]", $$"""[{"op": "Test", "path": "{{path}}", "value": {{matcher}}}]""")
            )
        );
        return config.Flows[0].Conditions[0].HoldsFor(JsonNode.Parse(document));
    }

    /// <summary>The value matcher <paramref name="expected"/> on a document whose <c>v</c> is <paramref name="actual"/>.</summary>
    public static bool ValueMatches(string expected, string actual) =>
        Holds("$.v", $$"""{"value": {{expected}}}""", $$"""{"v":{{actual}}}""");
}
