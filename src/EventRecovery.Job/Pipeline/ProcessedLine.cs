using EventRecovery.Core.Recovery;

namespace EventRecovery.Job.Pipeline;

/// <summary>
/// An outcome with the bytes to write for it (Thrift payload, or the bad row's UTF-8 JSON), and the verdict of
/// verification when the run verifies recovered payloads; <c>Line</c> is the line's number in its split, for the
/// summary's example locations.
/// </summary>
internal readonly record struct ProcessedLine(
    RecoveryOutcome Outcome,
    byte[] Record,
    EventRecovery.Core.Verification.PayloadVerdict? Verdict = null,
    long Line = 0
);

/// <summary>The processed lines of one <see cref="Sources.LineBatch"/>.</summary>
internal sealed record ResultBatch(
    Sources.InputSplit Split,
    long Sequence,
    long EndOffset,
    long EndLine,
    bool IsEndOfSplit,
    ProcessedLine[] Lines,
    string? InputFailure
);
