using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Tests.Fixtures;

/// <summary>
/// Runs steps written as in a config (JSON text) on a JSON document, through the real config loader, so each
/// test exercises what a person would write.
/// </summary>
public static class StepRunner
{
    /// <summary>Applies the steps (a JSON array as text) in order and returns the compact result.</summary>
    public static string Apply(string steps, string document)
    {
        var config = Configs.Load(Configs.Text(Configs.Key("adapter_failures"), Configs.Flow("under-test", steps)));
        var node = JsonNode.Parse(document);
        foreach (var step in config.Flows[0].Steps)
            node = step.ApplyTo(node);
        return CompactJson.Serialize(node);
    }

    /// <summary>Applies the steps and returns the reason they failed; the test fails if they succeed.</summary>
    public static string Failure(string steps, string document)
    {
        var e = Assert.ThrowsAny<RowFailure>(() => Apply(steps, document));
        return e.Message;
    }
}
