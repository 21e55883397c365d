using EventRecovery.Core.Recovery;
using EventRecovery.Core.Verification;
using EventRecovery.Job.Verification;

namespace EventRecovery.Job.Reporting;

/// <summary>Verdicts on the recovered payloads of a run (<c>--verify</c>), counted by the writer as records are written.</summary>
public sealed class VerificationCounters
{
    private const int MaxDistinctReasons = 1_000;

    /// <summary>The run's verification; null when the run does not verify.</summary>
    public RunVerification? Run { get; internal set; }

    /// <summary>Payloads that passed every check.</summary>
    public long Passed { get; private set; }

    /// <summary>Payloads that would fail enrichment (sent on in report mode, failed in strict mode).</summary>
    public long WouldFail { get; private set; }

    /// <summary>Of <see cref="WouldFail"/>, those sent to the failed output (strict mode).</summary>
    public long KeptBack { get; private set; }

    /// <summary>Payloads not verified: a schema they need could not be fetched.</summary>
    public long NotVerified { get; private set; }

    /// <summary>Payloads for an adapter whose rules are not checked.</summary>
    public long NotChecked { get; private set; }

    /// <summary>Rows per reason they would fail.</summary>
    public Dictionary<string, long> WouldFailReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Rows per reason they were not verified or not checked.</summary>
    public Dictionary<string, long> NotVerifiedReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts one verdict; <paramref name="written"/> is what the row became.</summary>
    internal void Count(PayloadVerdict verdict, OutcomeKind written)
    {
        switch (verdict.Kind)
        {
            case VerdictKind.Passed:
                Passed++;
                return;
            case VerdictKind.WouldFail:
                WouldFail++;
                if (written == OutcomeKind.Failed)
                    KeptBack++;
                Add(WouldFailReasons, verdict.Reason!);
                return;
            case VerdictKind.NotVerified:
                NotVerified++;
                Add(NotVerifiedReasons, verdict.Reason!);
                return;
            default:
                NotChecked++;
                Add(NotVerifiedReasons, verdict.Reason!);
                return;
        }
    }

    private static void Add(Dictionary<string, long> reasons, string reason)
    {
        var key = reason.Length <= 300 ? reason : reason[..297] + "...";
        if (reasons.TryGetValue(key, out var n))
            reasons[key] = n + 1;
        else if (reasons.Count < MaxDistinctReasons)
            reasons[key] = 1;
        else
            reasons["(other reasons)"] = reasons.GetValueOrDefault("(other reasons)") + 1;
    }
}
