namespace EventRecovery.Core.Recovery;

/// <summary>
/// What became of one input line: the recovered Thrift bytes, or the bad row JSON to write to the failed or
/// unrecoverable output, with what a person needs to understand it.
/// </summary>
public sealed class RecoveryOutcome
{
    /// <summary>Recovered, failed or unrecoverable.</summary>
    public required OutcomeKind Kind { get; init; }

    /// <summary>The Thrift <c>CollectorPayload</c> bytes, when recovered.</summary>
    public byte[]? Payload { get; init; }

    /// <summary>One line of JSON (a recovery_error or collector_payload_format_violation bad row), when not recovered.</summary>
    public string? BadRowJson { get; init; }

    /// <summary>The bad row type of the line (the inner type for recovery_error rows), or "invalid" for a line that is not a bad row.</summary>
    public required string BadRowType { get; init; }

    /// <summary>Names of the flows that applied, in the order their steps ran.</summary>
    public IReadOnlyList<string> Flows { get; init; } = [];

    /// <summary>Why the line was not recovered.</summary>
    public string? Reason { get; init; }

    /// <summary>The type reported for lines that are not bad rows.</summary>
    public const string InvalidType = "invalid";
}
