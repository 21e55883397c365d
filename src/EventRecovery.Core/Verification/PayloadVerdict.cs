namespace EventRecovery.Core.Verification;

/// <summary>Whether Enrich would accept a rebuilt collector payload, as far as the checks go.</summary>
public enum VerdictKind
{
    /// <summary>Every check passed.</summary>
    Passed,

    /// <summary>A check failed: Enrich would write this event out as a bad row again.</summary>
    WouldFail,

    /// <summary>A schema the event needs could not be fetched: nothing is known. Never a failure of the row.</summary>
    NotVerified,

    /// <summary>The payload goes to an adapter whose rules are not checked here (a webhook other than iglu and sendgrid).</summary>
    NotChecked,
}

/// <summary>The verdict on one recovered payload.</summary>
/// <param name="Kind">What it came to.</param>
/// <param name="Reason">Why it would fail, was not verified or not checked (<c>iglu:com.acme/x/jsonschema/1-0-1: $.age: …</c>); null when
/// it passed.</param>
public sealed record PayloadVerdict(VerdictKind Kind, string? Reason)
{
    /// <summary>Every check passed.</summary>
    public static readonly PayloadVerdict Passed = new(VerdictKind.Passed, null);

    /// <summary>The failed row's reason for a payload that would fail: <c>would fail enrichment: …</c>.</summary>
    public string FailureReason => $"would fail enrichment: {Reason}";
}
