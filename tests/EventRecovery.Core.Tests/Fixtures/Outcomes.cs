using System.Text.Json.Nodes;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Core.Tests.Fixtures;

/// <summary>Assertions on <see cref="RecoveryOutcome"/>s.</summary>
public static class Outcomes
{
    /// <summary>Asserts the line was recovered and decodes the Thrift it produced.</summary>
    public static CollectorPayload Recovered(RecoveryOutcome outcome)
    {
        Assert.True(outcome.Kind == OutcomeKind.Recovered, $"expected Recovered, got {outcome.Kind}: {outcome.Reason}");
        Assert.NotNull(outcome.Payload);
        Assert.Null(outcome.BadRowJson);
        return CollectorPayloadThrift.Decode(outcome.Payload);
    }

    /// <summary>Asserts the outcome kind and parses the bad row written for it.</summary>
    public static JsonObject NotRecovered(RecoveryOutcome outcome, OutcomeKind kind = OutcomeKind.Failed)
    {
        Assert.True(outcome.Kind == kind, $"expected {kind}, got {outcome.Kind}: {outcome.Reason}");
        Assert.Null(outcome.Payload);
        Assert.NotNull(outcome.BadRowJson);
        Assert.False(string.IsNullOrEmpty(outcome.Reason));
        return Assert.IsType<JsonObject>(JsonNode.Parse(outcome.BadRowJson));
    }
}
