using System.Text.Json.Nodes;

namespace EventRecovery.Core.Explain;

/// <summary>
/// The whole story of one line under a configuration, as data: what the line is, every flow keyed by its schema
/// with each condition and whether it held, each step of the flows that ran with the value before and after, the
/// rebuilt payload decoded, and the outcome. Made by <see cref="RowTracer"/>; written as JSON by
/// <see cref="TraceJson"/> and as text by <see cref="TraceText"/>. Field names are part of the documented format.
/// </summary>
public sealed record RowTrace
{
    /// <summary>Where the line is (<c>FILE:LINE</c> or <c>s3://…:LINE</c>); null when the caller does not know.</summary>
    public string? Location { get; init; }

    /// <summary>The bad row type (the inner one for a recovery_error row), or <c>invalid</c> for a line that is not a bad row.</summary>
    public required string BadRowType { get; init; }

    /// <summary>The schema of the bad row that was recovered (the inner one for a recovery_error row); null for a line that is not a bad
    /// row.</summary>
    public string? Schema { get; init; }

    /// <summary>Schemas of the recovery_error rows unwrapped to reach <see cref="Schema"/>, outermost first.</summary>
    public IReadOnlyList<string> Unwrapped { get; init; } = [];

    /// <summary>Recoveries already tried (the largest <c>recoveries</c> of the unwrapped rows), 0 for a row never recovered.</summary>
    public int Recoveries { get; init; }

    /// <summary>Every flow keyed by a schema matching the row's, in configuration order, applied or not.</summary>
    public IReadOnlyList<FlowTrace> Flows { get; init; } = [];

    /// <summary>What became of the line.</summary>
    public required OutcomeTrace Outcome { get; init; }
}

/// <summary>One flow keyed by the row's schema: its conditions, and its steps when it applied.</summary>
public sealed record FlowTrace
{
    /// <summary>The flow's name.</summary>
    public required string Name { get; init; }

    /// <summary>The schema key the flow is configured under (with its <c>*</c>).</summary>
    public required string Key { get; init; }

    /// <summary>Whether every condition held, so that its steps ran.</summary>
    public required bool Applied { get; init; }

    /// <summary>The conditions, in order.</summary>
    public IReadOnlyList<ConditionTrace> Conditions { get; init; } = [];

    /// <summary>The steps that ran, in order (empty when the flow did not apply; cut after a step that failed).</summary>
    public IReadOnlyList<StepTrace> Steps { get; init; } = [];
}

/// <summary>One <c>Test</c> condition: the values its path found and whether the matcher held.</summary>
public sealed record ConditionTrace
{
    /// <summary>Index in the flow's <c>conditions</c>, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>The path into the bad row, as configured.</summary>
    public required string Path { get; init; }

    /// <summary>The matcher, e.g. <c>value "old-id"</c>, <c>regex /1-0-0/</c>, <c>size Gt 3</c>.</summary>
    public required string Matcher { get; init; }

    /// <summary>
    /// The values the path selected, decoded layers decoded (a filter can select several: the last one decides);
    /// empty when the path found nothing.
    /// </summary>
    public IReadOnlyList<JsonNode?> Found { get; init; } = [];

    /// <summary>Why the path found nothing (a missing field, a filter matching no element, a layer that does not decode); null when it
    /// found a value.</summary>
    public PathProblem? NotFound { get; init; }

    /// <summary>Whether the condition holds.</summary>
    public required bool Held { get; init; }

    /// <summary>
    /// True when an earlier condition of the flow already failed: recovery does not evaluate this one, the trace
    /// does so you can see it; a timeout here does not fail the row.
    /// </summary>
    public bool Skipped { get; init; }

    /// <summary>A failure that stopped the evaluation (a regex that ran too long); null otherwise.</summary>
    public string? Error { get; init; }
}

/// <summary>Where and why a path found nothing.</summary>
/// <param name="At">The path up to the segment that failed, e.g. <c>$.raw.parameters</c>.</param>
/// <param name="Why">What is wrong there, e.g. <c>does not exist</c>, or the decoding error.</param>
public sealed record PathProblem(string At, string Why);

/// <summary>One step that ran: the values its path selected, before and after.</summary>
public sealed record StepTrace
{
    /// <summary>Index in the flow's <c>steps</c>, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>Replace, Remove, Cast or Add.</summary>
    public required string Op { get; init; }

    /// <summary>The path into the payload, as configured.</summary>
    public required string Path { get; init; }

    /// <summary>Each selected value before the step, decoded layers decoded.</summary>
    public IReadOnlyList<JsonNode?> Before { get; init; } = [];

    /// <summary>Each selected value after the step, in the same order as <see cref="Before"/>.</summary>
    public IReadOnlyList<JsonNode?> After { get; init; } = [];

    /// <summary>Whether any selected value changed (as JSON); false for a step that changed nothing.</summary>
    public bool Changed { get; init; }

    /// <summary>Why the step failed the row; null when it did not fail.</summary>
    public string? Error { get; init; }

    /// <summary>For a step whose path found nothing: the segment that failed and why.</summary>
    public PathProblem? NotFound { get; init; }
}

/// <summary>What became of the line, exactly as the recovery decides it.</summary>
public sealed record OutcomeTrace
{
    /// <summary><c>recovered</c>, <c>failed</c> or <c>unrecoverable</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Why the line was not recovered (the <c>failure.error</c> of its recovery_error row); null when recovered.</summary>
    public string? Reason { get; init; }

    /// <summary>The flows whose steps ran, in order.</summary>
    public IReadOnlyList<string> Flows { get; init; } = [];

    /// <summary>Steps that changed nothing, as <c>FLOW steps[I] OP at PATH</c>.</summary>
    public IReadOnlyList<string> Unchanged { get; init; } = [];

    /// <summary>
    /// The recovered Thrift payload as standard base64 (what a recovered part file holds); null when not recovered, but
    /// for a row that <c>--verify strict</c> sends to failed: the payload it refused.
    /// </summary>
    public string? Payload { get; init; }

    /// <summary>The recovered payload decoded; null when <see cref="Payload"/> is.</summary>
    public DecodedPayload? Decoded { get; init; }

    /// <summary>The verdict of verification against Iglu on the payload; null when no resolver was given or nothing was
    /// recovered.</summary>
    public VerificationTrace? Verification { get; init; }
}
