using System.Text.Json;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.InPlace;

/// <summary>
/// Recovery in place: the conditions, the steps and the rebuild of the collector payload work on the line's
/// parsed document and a few changed strings (<see cref="LineEdits"/>), instead of a
/// <see cref="System.Text.Json.Nodes.JsonNode"/> tree of the row. That is the common case (steps that change a
/// parameter, the body or a field inside an encoded layer) and it saves most of a row's allocations. A row no flow
/// applies to, and a step that fails the row, are decided here, as values, in the tree's words. Whatever it does not
/// do throws <see cref="NotInPlace"/>, and so does any rarer failure (a payload field of the wrong kind); the
/// <see cref="Recoverer"/> then recovers that row on a tree, which gives every outcome and every message, so the
/// outcomes are the same either way.
/// </summary>
internal static class InPlaceRecovery
{
    /// <summary>
    /// Whether this can work on rows of <paramref name="type"/>: those that carry their payload as JSON, and
    /// collector_payload_format_violation when no step changes the payload (a querystring repair alone).
    /// </summary>
    public static bool Handles(string type) =>
        type
            is "adapter_failures"
                or "tracker_protocol_violations"
                or "schema_violations"
                or "enrichment_failures"
                or "collector_payload_format_violation";

    /// <summary>Every flow that applies to the row, in config order (<see cref="FlowSelection"/>).</summary>
    public static List<RecoveryFlow> SelectFlows(RecoveryConfig config, BadRow row, LineEdits edits) => Choose(config, row, edits).Selected;

    /// <summary>The flows that apply to the row, and what a reason needs when none does (<see cref="FlowSelection"/>).</summary>
    public static FlowChoice<JsonElement> Choose(RecoveryConfig config, BadRow row, LineEdits edits) =>
        FlowSelection.Select<LineConditions, JsonElement>(config, row.Schema, new LineConditions(row.Data, edits));

    /// <summary>Runs the steps of <paramref name="flows"/> and rebuilds the collector payload; a step that fails the row throws.</summary>
    public static CollectorPayload Rebuild(BadRow row, List<RecoveryFlow> flows, LineEdits edits)
    {
        List<UnchangedStep>? unchanged = null;
        return Rebuild(row, flows, edits, strict: false, ref unchanged, out var failure)
            ?? throw new RowFailure(FailureMessages.InFlow(failure!.Value.Flow.Name, failure.Value.Reason));
    }

    /// <summary>
    /// Runs the steps of <paramref name="flows"/> and rebuilds the collector payload, adding each step that changed
    /// nothing to <paramref name="unchanged"/> (made when the first is found); <paramref name="strict"/>, such a step
    /// fails the row (<see cref="RecoveryOptions.StrictSteps"/>). A step that fails the row gives null and
    /// <paramref name="failure"/>: a value, not an exception, as failing rows are common in real runs.
    /// </summary>
    public static CollectorPayload? Rebuild(
        BadRow row,
        List<RecoveryFlow> flows,
        LineEdits edits,
        bool strict,
        ref List<UnchangedStep>? unchanged,
        out StepFailure? failure
    )
    {
        failure = null;
        edits.CheckKeys(row.Data);
        if (row.Type == "collector_payload_format_violation")
            return RebuildFormatViolation(flows, row.Data);
        if (!row.Data.TryGetProperty("payload", out var payload))
            throw new RowFailure(FailureMessages.NoPayload(row.Type));
        foreach (var flow in flows)
        {
            var steps = flow.Steps;
            for (var i = 0; i < steps.Count; i++)
            {
                // The same failure, in the same words, as on a tree: the path walk and the step's change are the same.
                var changed = LineWalker.Transform(payload, steps[i], edits, out var reason);
                if (reason is null && !changed)
                    reason = UnchangedStep.Note(ref unchanged, flow, i, strict);
                if (reason is null)
                    continue;
                failure = new StepFailure(flow, reason);
                return null;
            }
        }
        var fields = new LinePayloadReader(payload, edits);
        return row.Type is "adapter_failures" or "tracker_protocol_violations"
            ? CollectorPayloadJson.ToThrift(fields)
            : EnrichmentPayloadJson.ToThrift(fields, "payload");
    }

    /// <summary>
    /// A format violation carries Thrift (as base64), which steps change on a tree of its JSON form; without steps
    /// the decoded payload becomes the recovered one directly (<see cref="FormatViolationPayload.Unchanged"/>).
    /// </summary>
    private static CollectorPayload RebuildFormatViolation(List<RecoveryFlow> flows, JsonElement data)
    {
        foreach (var flow in flows)
            if (flow.Steps.Count > 0)
                throw new NotInPlace("steps on a collector_payload_format_violation work on a tree");
        var (payload, querystring) = FormatViolationPayload.Read(data);
        return FormatViolationPayload.Unchanged(payload, querystring) ?? throw new NotInPlace("the tree decides this payload");
    }
}
