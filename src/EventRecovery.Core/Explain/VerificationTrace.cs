using EventRecovery.Core.Verification;

namespace EventRecovery.Core.Explain;

/// <summary>
/// Whether Enrich would accept the recovered payload, as <c>run --verify</c> decides it: the same checks, verdict and
/// reason (<see cref="RecoveredEventCheck"/>). In a trace whenever the tracer was given a resolver; field names are
/// part of the documented format.
/// </summary>
public sealed record VerificationTrace
{
    /// <summary><c>report</c> (the row is sent whatever the verdict) or <c>strict</c> (a row that would fail goes to failed).</summary>
    public required string Mode { get; init; }

    /// <summary>
    /// <c>passed</c>, <c>wouldFail</c>, <c>notVerified</c> (a schema could not be fetched) or <c>notChecked</c> (an adapter
    /// not checked).
    /// </summary>
    public required string Verdict { get; init; }

    /// <summary>
    /// Why it would fail, was not verified or not checked (<c>iglu:com.acme/x/jsonschema/1-0-1: $.age: …</c>); null when
    /// it passed.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>The trace's form of a verdict.</summary>
    public static VerificationTrace Of(PayloadVerdict verdict, VerifyMode mode) =>
        new()
        {
            Mode = mode == VerifyMode.Strict ? "strict" : "report",
            Verdict = verdict.Kind switch
            {
                VerdictKind.Passed => "passed",
                VerdictKind.WouldFail => "wouldFail",
                VerdictKind.NotVerified => "notVerified",
                _ => "notChecked",
            },
            Reason = verdict.Reason,
        };
}
