using System.Runtime.InteropServices;
using System.Text.Json;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Core.Verification;

/// <summary>What happens to a recovered row whose payload would fail enrichment.</summary>
public enum VerifyMode
{
    /// <summary>No verification.</summary>
    Off,

    /// <summary>Verified and counted, but still sent on.</summary>
    Report,

    /// <summary>Verified; a payload that would fail goes to the failed output as a recovery_error with the reason.</summary>
    Strict,
}

/// <summary>
/// Verifies recovered outcomes (<see cref="EnrichmentVerifier"/>) and, in <see cref="VerifyMode.Strict"/>, turns those
/// that would fail enrichment into failed rows, the recovery_error the recoverer would have written with that reason.
/// Failed and unrecoverable outcomes pass through untouched. Thread-safe; never throws for bad data.
/// </summary>
public sealed class RecoveredEventCheck
{
    private readonly EnrichmentVerifier _verifier;
    private readonly FailureRows _failures;
    private readonly JsonDocumentOptions _parseOptions;

    /// <summary>Creates the check.</summary>
    /// <param name="verifier">The checks Enrich makes.</param>
    /// <param name="mode">Report or strict.</param>
    /// <param name="options">The recoverer's options: failed rows name the same processor and use the same clock.</param>
    public RecoveredEventCheck(EnrichmentVerifier verifier, VerifyMode mode, RecoveryOptions? options = null)
    {
        if (mode == VerifyMode.Off)
            throw new ArgumentException("verification is off: no check to make", nameof(mode));
        _verifier = verifier;
        Mode = mode;
        options ??= RecoveryOptions.Default;
        _failures = new FailureRows(options.ProcessorArtifact, options.ProcessorVersion, options.Clock);
        _parseOptions = new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth };
    }

    /// <summary>Report or strict.</summary>
    public VerifyMode Mode { get; }

    /// <summary>
    /// The verdict on <paramref name="outcome"/>'s payload and the outcome to write: the same one, or in strict mode a
    /// failed one for a payload that would fail. Null verdict when the outcome is not a recovered one.
    /// </summary>
    /// <param name="line">The input line the outcome came from (the failed row wraps its bad row).</param>
    /// <param name="outcome">What the recoverer made of the line.</param>
    public (RecoveryOutcome Outcome, PayloadVerdict? Verdict) Check(ReadOnlyMemory<byte> line, RecoveryOutcome outcome)
    {
        if (outcome.Kind != OutcomeKind.Recovered || outcome.Payload is null)
            return (outcome, null);
        var verdict = Verdict(outcome.Payload);
        if (!Refuses(verdict))
            return (outcome, verdict);
        return (Refused(line, outcome, verdict.FailureReason) ?? outcome, verdict);
    }

    /// <summary>The verdict on a recovered payload (Thrift <c>CollectorPayload</c> bytes); never throws for bad data.</summary>
    public PayloadVerdict Verdict(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return _verifier.Verify(payload);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Our own bytes and checks built not to throw: a failure here is a bug of the verifier (or a schema that
            // recurses for ever), not of the row, which is sent as it is and counted apart.
            return new PayloadVerdict(VerdictKind.NotVerified, $"the verifier could not read the payload: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Whether a payload with this verdict goes to the failed output instead (strict mode, would fail).</summary>
    public bool Refuses(PayloadVerdict verdict) => verdict.Kind == VerdictKind.WouldFail && Mode == VerifyMode.Strict;

    /// <summary>The failed outcome for a recovered line; null when the line cannot be read again (it was read once: never).</summary>
    private RecoveryOutcome? Refused(ReadOnlyMemory<byte> line, RecoveryOutcome recovered, string reason)
    {
        try
        {
            using var document = JsonDocument.Parse(line, _parseOptions);
            var row = BadRow.From(document.RootElement);
            var recoveries = 0;
            for (var depth = 0; row.Type == "recovery_error" && depth < 8; depth++)
            {
                recoveries = Math.Max(recoveries, row.Recoveries);
                row = row.Unwrap();
            }
            var flows = recovered.Flows.Count == 0 ? null : string.Join(",", recovered.Flows);
            return new RecoveryOutcome
            {
                Kind = OutcomeKind.Failed,
                BadRowUtf8 = _failures.RecoveryErrorUtf8(
                    JsonMarshal.GetRawUtf8Value(row.Json),
                    row.Type,
                    row.Schema.Version,
                    reason,
                    flows,
                    recoveries + 1
                ),
                BadRowType = row.Type,
                Flows = recovered.Flows,
                UnchangedSteps = recovered.UnchangedSteps,
                Reason = reason,
            };
        }
        catch (Exception e) when (e is JsonException or RowFailure)
        {
            return null;
        }
    }
}
