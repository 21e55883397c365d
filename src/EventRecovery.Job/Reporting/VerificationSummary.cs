using System.Globalization;
using System.Text;

namespace EventRecovery.Job.Reporting;

/// <summary>What verification against Iglu found in a run (<c>--verify report|strict</c>).</summary>
public sealed record VerificationSummary
{
    /// <summary>"report" or "strict".</summary>
    public required string Mode { get; init; }

    /// <summary>Recovered payloads that passed every check.</summary>
    public long Passed { get; init; }

    /// <summary>Payloads that would fail enrichment.</summary>
    public long WouldFail { get; init; }

    /// <summary>Of those, the ones sent to the failed output instead (strict).</summary>
    public long KeptBack { get; init; }

    /// <summary>Payloads not verified: a schema could not be fetched. Sent on; never a failure of the row.</summary>
    public long NotVerified { get; init; }

    /// <summary>Payloads for adapters whose rules are not checked (webhooks other than iglu and sendgrid).</summary>
    public long NotChecked { get; init; }

    /// <summary>The most frequent reasons payloads would fail enrichment.</summary>
    public required List<ReasonCount> WouldFailReasons { get; init; }

    /// <summary>The most frequent reasons payloads were not verified or not checked.</summary>
    public required List<ReasonCount> NotVerifiedReasons { get; init; }

    /// <summary>Schema lookups that went to the repositories (once per schema per run while the cache holds it).</summary>
    public long SchemaLookups { get; init; }

    /// <summary>Schema lookups answered from the cache.</summary>
    public long CacheHits { get; init; }

    /// <summary>Requests made to repositories, retries included.</summary>
    public long RepositoryRequests { get; init; }

    /// <summary>The verification part of a run's summary; null when the run did not verify.</summary>
    public static VerificationSummary? From(VerificationCounters c, int top = 10)
    {
        if (c.Run is not { } run)
            return null;
        static List<ReasonCount> Top(Dictionary<string, long> reasons, int n) =>
            reasons
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .Take(n)
                .Select(p => new ReasonCount(p.Key, p.Value))
                .ToList();
        return new VerificationSummary
        {
            Mode = run.Mode.ToString().ToLowerInvariant(),
            Passed = c.Passed,
            WouldFail = c.WouldFail,
            KeptBack = c.KeptBack,
            NotVerified = c.NotVerified,
            NotChecked = c.NotChecked,
            WouldFailReasons = Top(c.WouldFailReasons, top),
            NotVerifiedReasons = Top(c.NotVerifiedReasons, top),
            SchemaLookups = run.Resolver.Lookups,
            CacheHits = run.Resolver.CacheHits,
            RepositoryRequests = run.Resolver.Requests,
        };
    }

    /// <summary>Appends the human-readable block.</summary>
    public void AppendText(StringBuilder sb)
    {
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine(
            ci,
            $"  verified ({Mode}) {Passed} passed, {WouldFail} would fail enrichment{(Mode == "strict" ? $" ({KeptBack} sent to failed)" : " (sent on: --verify report)")}, {NotVerified} not verified, {NotChecked} not checked"
        );
        sb.AppendLine(
            ci,
            $"  schemas        {SchemaLookups} looked up, {CacheHits} from the cache, {RepositoryRequests} repository requests"
        );
        foreach (var r in WouldFailReasons)
            sb.AppendLine(ci, $"    {r.Count, 8} x would fail enrichment: {r.Reason}");
        if (NotVerified > 0)
            sb.AppendLine(
                ci,
                $"  WARNING        {NotVerified} recovered payloads were NOT VERIFIED: a schema could not be fetched from the resolver's repositories; they were sent on unchecked"
            );
        foreach (var r in NotVerifiedReasons)
            sb.AppendLine(ci, $"    {r.Count, 8} x {r.Reason}");
    }
}
