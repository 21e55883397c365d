using EventRecovery.Core.Configuration;
using EventRecovery.Core.Explain;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Verification;
using EventRecovery.Studio.Samples;

namespace EventRecovery.Studio.Runs;

/// <summary>
/// One recovery of the whole sample with one configuration: each row's result, in sample order, and the tracer that
/// explains any of them with that same configuration.
/// </summary>
public sealed class SampleRun
{
    private readonly RecoveryOptions _options;

    internal SampleRun(int number, string configText, RecoveryConfig config, RecoveryOptions options, IReadOnlyList<RowResult> rows)
    {
        Number = number;
        ConfigText = configText;
        Config = config;
        Rows = rows;
        _options = options;
        Tracer = new RowTracer(config, options);
        Groups = FailureGroupsOf(rows);
    }

    /// <summary>1 for the run made at start, then one more for each re-run.</summary>
    public int Number { get; }

    /// <summary>The configuration's text as the run used it.</summary>
    public string ConfigText { get; }

    /// <summary>The configuration the run used.</summary>
    public RecoveryConfig Config { get; }

    /// <summary>One result per line of the sample, in its order.</summary>
    public IReadOnlyList<RowResult> Rows { get; }

    /// <summary>Explains a row with this run's configuration.</summary>
    public RowTracer Tracer { get; }

    /// <summary>Rows not recovered, by bad row type, outcome and reason class; most rows first, as the run summary orders them.</summary>
    public IReadOnlyList<SampleFailureGroup> Groups { get; }

    /// <summary>Rows with each outcome.</summary>
    public int Count(string outcome) => Rows.Count(r => r.Outcome == outcome);

    /// <summary>The trace of row <paramref name="index"/> of <paramref name="sample"/>: exactly what this run did with it.</summary>
    public RowTrace Trace(Sample sample, int index)
    {
        var line = sample.Lines[index];
        return line.IsTruncated ? Tracer.TooLong(line.Bytes, line.FullLength, line.Location) : Tracer.Trace(line.Bytes, line.Location);
    }

    /// <summary>
    /// Recovers every line of the sample; <paramref name="done"/> counts the lines finished, for progress;
    /// <paramref name="beforeRow"/> runs before each (it throws to cancel).
    /// </summary>
    internal static SampleRun Recover(
        int number,
        string configText,
        RecoveryConfig config,
        RecoveryOptions options,
        Sample sample,
        RecoveredEventCheck? check,
        Action done,
        Action beforeRow,
        CancellationToken cancel
    )
    {
        var recoverer = new Recoverer(config, options);
        var rows = new RowResult[sample.Lines.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            beforeRow();
            var line = sample.Lines[i];
            var outcome = line.IsTruncated ? recoverer.TooLong(line.Bytes, line.FullLength) : recoverer.Recover(line.Bytes);
            PayloadVerdict? verdict = null;
            if (check is not null)
                (_, verdict) = check.Check(line.Bytes, outcome);
            rows[i] = Result(outcome, verdict);
            done();
        }
        cancel.ThrowIfCancellationRequested();
        return new SampleRun(number, configText, config, options, rows);
    }

    private static RowResult Result(RecoveryOutcome outcome, PayloadVerdict? verdict)
    {
        var kind = outcome.Kind switch
        {
            OutcomeKind.Recovered => Outcomes.Recovered,
            OutcomeKind.Failed => Outcomes.Failed,
            _ => Outcomes.Unrecoverable,
        };
        var reasonClass = outcome.Reason is { } reason ? ReasonClass.Of(reason) : null;
        return new RowResult(kind, outcome.BadRowType, outcome.Reason, reasonClass, outcome.Flows, outcome.Payload, verdict);
    }

    private static List<SampleFailureGroup> FailureGroupsOf(IReadOnlyList<RowResult> rows)
    {
        // The key of the run summary's groups (Job/Reporting/FailureGroups): type, outcome and reason class.
        var groups = new Dictionary<(string Type, string Outcome, string Reason), List<int>>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is not { Recovered: false, ReasonClass: { } reason } row)
                continue;
            var key = (row.BadRowType, row.Outcome, reason);
            if (!groups.TryGetValue(key, out var members))
                groups[key] = members = [];
            members.Add(i);
        }
        return groups
            .OrderByDescending(g => g.Value.Count)
            .ThenBy(g => g.Key.Type, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Reason, StringComparer.Ordinal)
            .Select(g => new SampleFailureGroup(g.Key.Type, g.Key.Outcome, g.Key.Reason, g.Value))
            .ToList();
    }
}

/// <summary>Rows of the sample not recovered for the same reason class.</summary>
/// <param name="BadRowType">Their bad row type.</param>
/// <param name="Outcome"><c>failed</c> or <c>unrecoverable</c>.</param>
/// <param name="Reason">The reason class.</param>
/// <param name="Rows">Indexes of the rows in the sample, in order.</param>
public sealed record SampleFailureGroup(string BadRowType, string Outcome, string Reason, IReadOnlyList<int> Rows);
