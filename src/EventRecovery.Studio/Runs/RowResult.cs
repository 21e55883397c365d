using EventRecovery.Core.Verification;

namespace EventRecovery.Studio.Runs;

/// <summary>What one run made of one line of the sample.</summary>
/// <param name="Outcome"><c>recovered</c>, <c>failed</c> or <c>unrecoverable</c>, as <c>run</c> decides.</param>
/// <param name="BadRowType">The bad row type (the inner one of a recovery_error row; <c>invalid</c> for a line that is not a bad
/// row).</param>
/// <param name="Reason">Why it was not recovered; null when recovered.</param>
/// <param name="ReasonClass">The reason with the values of the row taken out, as the run summary groups failures; null when
/// recovered.</param>
/// <param name="Flows">Flows whose steps ran.</param>
/// <param name="Payload">The recovered Thrift payload; null when not recovered.</param>
/// <param name="Verdict">Whether Enrich would accept the payload (with a resolver, recovered rows only).</param>
public sealed record RowResult(
    string Outcome,
    string BadRowType,
    string? Reason,
    string? ReasonClass,
    IReadOnlyList<string> Flows,
    byte[]? Payload,
    PayloadVerdict? Verdict
)
{
    /// <summary>Whether the row was recovered.</summary>
    public bool Recovered => Outcome == Outcomes.Recovered;
}

/// <summary>The outcome names, as <c>explain</c> and the run summary write them.</summary>
public static class Outcomes
{
    public const string Recovered = "recovered";
    public const string Failed = "failed";
    public const string Unrecoverable = "unrecoverable";

    /// <summary>In the order the page shows them.</summary>
    public static readonly string[] All = [Recovered, Failed, Unrecoverable];
}
